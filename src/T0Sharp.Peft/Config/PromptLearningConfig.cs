using System.Text.Json.Nodes;

namespace T0Sharp.Peft.Config;

/// <summary>
/// PEFT's <c>PromptLearningConfig</c> fields shared by prompt and prefix tuning. PEFT fills the unset ones from the
/// model config when it creates an adapter (T5: token_dim = d_model, num_layers = encoder layers); T0Sharp fills them
/// in <see cref="Methods.PromptTuning.PromptTuningMethod"/> / <see cref="Methods.PrefixTuning.PrefixTuningMethod"/>.
/// </summary>
public abstract record PromptLearningConfig : PeftConfig
{
    public override bool IsPromptLearning => true;

    public int? NumVirtualTokens { get; init; }
    public int? TokenDim { get; init; }
    /// <summary>2 for SEQ_2_SEQ_LM, 1 otherwise (PEFT's default when unset).</summary>
    public int? NumTransformerSubmodules { get; init; }
    public int? NumAttentionHeads { get; init; }
    public int? NumLayers { get; init; }

    /// <summary>Virtual tokens, required.</summary>
    public int VirtualTokens => NumVirtualTokens ?? throw new InvalidOperationException("num_virtual_tokens is not set");

    /// <summary>The number of transformer submodules as PEFT decides it when the field is null.</summary>
    public int Submodules => NumTransformerSubmodules ?? (TaskType == "SEQ_2_SEQ_LM" ? 2 : 1);

    protected T ReadShared<T>(ConfigReader r) where T : PromptLearningConfig => (T)(this with
    {
        NumVirtualTokens = r.IntOrNull("num_virtual_tokens"),
        TokenDim = r.IntOrNull("token_dim"),
        NumTransformerSubmodules = r.IntOrNull("num_transformer_submodules"),
        NumAttentionHeads = r.IntOrNull("num_attention_heads"),
        NumLayers = r.IntOrNull("num_layers"),
    });

    public override void Validate(string source)
    {
        Require(NumVirtualTokens is > 0, source, "num_virtual_tokens", $"is {Show(NumVirtualTokens)}: a positive number of virtual tokens is required");
        Require(TokenDim is null or > 0, source, "token_dim", $"is {Show(TokenDim)}: must be positive");
        Require(NumTransformerSubmodules is null or 1 or 2, source, "num_transformer_submodules", $"is {Show(NumTransformerSubmodules)}: must be 1 or 2");
        Require(NumAttentionHeads is null or > 0, source, "num_attention_heads", $"is {Show(NumAttentionHeads)}: must be positive");
        Require(NumLayers is null or > 0, source, "num_layers", $"is {Show(NumLayers)}: must be positive");
    }

    protected static string Show(int? v) => v?.ToString() ?? "null";

    protected override void WriteFields(JsonObject o)
    {
        o["num_virtual_tokens"] = NumVirtualTokens;
        o["token_dim"] = TokenDim;
        o["num_transformer_submodules"] = NumTransformerSubmodules;
        o["num_attention_heads"] = NumAttentionHeads;
        o["num_layers"] = NumLayers;
    }
}
