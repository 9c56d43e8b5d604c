namespace T0Sharp.Peft.Targeting;

/// <summary>
/// PEFT's per-architecture defaults (peft/utils/constants.py, TRANSFORMERS_MODELS_TO_*_TARGET_MODULES_MAPPING) for the
/// families T0Sharp runs, used when a config leaves <c>target_modules</c> / <c>feedforward_modules</c> unset. Poly uses
/// the LoRA table, as PEFT does; bottleneck adapters and Compacter use the ADAPTER_* rows (T0Sharp's). A new method or
/// family adds a row here.
/// </summary>
public static class DefaultTargets
{
    static readonly Dictionary<(string Table, string ModelType), string[]> Table = new()
    {
        [("LORA", "t5")] = ["q", "v"],
        [("LORA", "mt5")] = ["q", "v"],
        [("LORA", "bloom")] = ["query_key_value"],
        [("IA3", "t5")] = ["k", "v", "wo"],
        [("IA3", "mt5")] = ["k", "v", "wi_1"],
        [("IA3", "bloom")] = ["query_key_value", "mlp.dense_4h_to_h"],
        [("IA3_FEEDFORWARD", "t5")] = ["wo"],
        [("IA3_FEEDFORWARD", "mt5")] = [],
        [("IA3_FEEDFORWARD", "bloom")] = ["mlp.dense_4h_to_h"],
        // Bottleneck adapters and Compacter (T0Sharp's methods; PEFT has no table): Houlsby's placement after the
        // self-attention output and the feed-forward output (as rabeehk/compacter: not after T5's cross-attention),
        // Pfeiffer's (and Compacter++'s) after the feed-forward output only.
        [("ADAPTER_HOULSBY", "t5")] = ["SelfAttention.o", "wo"],
        [("ADAPTER_HOULSBY", "mt5")] = ["SelfAttention.o", "wo"],
        [("ADAPTER_HOULSBY", "bloom")] = ["self_attention.dense", "mlp.dense_4h_to_h"],
        [("ADAPTER_PFEIFFER", "t5")] = ["wo"],
        [("ADAPTER_PFEIFFER", "mt5")] = ["wo"],
        [("ADAPTER_PFEIFFER", "bloom")] = ["mlp.dense_4h_to_h"],
    };

    /// <summary>The default list for <paramref name="table"/> (LORA, IA3, IA3_FEEDFORWARD, ADAPTER_HOULSBY, ADAPTER_PFEIFFER) and model_type, or null.</summary>
    public static IReadOnlyList<string>? For(string table, string modelType) =>
        Table.TryGetValue((table, modelType), out var names) ? names : null;

    /// <summary>The default list, or an error naming the config field to set.</summary>
    public static IReadOnlyList<string> Require(string table, string modelType, string source, string field) =>
        For(table, modelType) ?? throw new InvalidDataException(
            $"{source}: \"{field}\" is not set and PEFT has no default for model_type \"{modelType}\"; list the modules to adapt");
}
