namespace T0Sharp.Peft.Targeting;

/// <summary>
/// PEFT's per-architecture defaults (peft/utils/constants.py, TRANSFORMERS_MODELS_TO_*_TARGET_MODULES_MAPPING) for the
/// families T0Sharp runs, used when a config leaves <c>target_modules</c> / <c>feedforward_modules</c> unset. Poly uses
/// the LoRA table, as PEFT does. A new method or family adds a row here.
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
    };

    /// <summary>The default list for <paramref name="table"/> (LORA, IA3, IA3_FEEDFORWARD) and model_type, or null.</summary>
    public static IReadOnlyList<string>? For(string table, string modelType) =>
        Table.TryGetValue((table, modelType), out var names) ? names : null;

    /// <summary>The default list, or an error naming the config field to set.</summary>
    public static IReadOnlyList<string> Require(string table, string modelType, string source, string field) =>
        For(table, modelType) ?? throw new InvalidDataException(
            $"{source}: \"{field}\" is not set and PEFT has no default for model_type \"{modelType}\"; list the modules to adapt");
}
