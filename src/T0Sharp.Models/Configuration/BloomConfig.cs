using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace T0Sharp.Models;

/// <summary>
/// BLOOM / BLOOMZ config with Hugging Face <c>BloomConfig</c>'s defaults. Accepts the legacy bigscience keys
/// (<c>n_embed</c> for hidden_size; <c>num_hidden_layers</c>/<c>num_attention_heads</c> for n_layer/n_head);
/// Megatron leftovers such as <c>offset_alibi</c> or <c>skip_bias_add</c> are ignored as Hugging Face ignores them.
/// </summary>
public sealed record BloomConfig : ModelConfig
{
    [JsonPropertyName("model_type")] public override string ModelType { get; init; } = "bloom";
    [JsonPropertyName("vocab_size")] public override int VocabSize { get; init; } = 250880;
    [JsonPropertyName("hidden_size")] public int HiddenSize { get; init; } = 64;
    [JsonPropertyName("n_layer")] public int NLayer { get; init; } = 2;
    [JsonPropertyName("n_head")] public int NHead { get; init; } = 8;
    [JsonPropertyName("layer_norm_epsilon")] public double LayerNormEpsilon { get; init; } = 1e-5;
    [JsonPropertyName("initializer_range")] public double InitializerRange { get; init; } = 0.02;
    [JsonPropertyName("apply_residual_connection_post_layernorm")] public bool ApplyResidualConnectionPostLayernorm { get; init; }
    [JsonPropertyName("hidden_dropout")] public double HiddenDropout { get; init; }
    [JsonPropertyName("attention_dropout")] public double AttentionDropout { get; init; }
    [JsonPropertyName("pretraining_tp")] public int PretrainingTp { get; init; } = 1;
    [JsonPropertyName("bos_token_id")] public int? BosTokenId { get; init; } = 1;
    [JsonPropertyName("eos_token_id")] public override int? EosTokenId { get; init; } = 2;
    [JsonPropertyName("pad_token_id")] public override int? PadTokenId { get; init; }
    [JsonPropertyName("tie_word_embeddings")] public override bool TieWordEmbeddings { get; init; } = true;

    [JsonIgnore] public override bool IsEncoderDecoder => false;
    [JsonIgnore] public override string ArchitectureName => "BloomForCausalLM";
    [JsonIgnore] public int HeadDim => HiddenSize / NHead;

    /// <summary>A tiny config for tests: 6 heads (not a power of two, so ALiBi's extra slopes are exercised).</summary>
    public static BloomConfig Tiny { get; } = new() { VocabSize = 96, HiddenSize = 24, NLayer = 2, NHead = 6, PadTokenId = 3 };

    internal static BloomConfig FromJson(JsonObject obj)
    {
        var copy = (JsonObject)obj.DeepClone();
        Rename(copy, "n_embed", "hidden_size");
        Rename(copy, "num_hidden_layers", "n_layer");
        Rename(copy, "num_attention_heads", "n_head");
        return copy.Deserialize<BloomConfig>(JsonOptions)!;
    }

    protected override JsonObject HfFields()
    {
        var o = new JsonObject
        {
            ["vocab_size"] = VocabSize, ["hidden_size"] = HiddenSize, ["n_layer"] = NLayer, ["n_head"] = NHead,
            ["layer_norm_epsilon"] = LayerNormEpsilon, ["initializer_range"] = InitializerRange, ["use_cache"] = true,
            ["pretraining_tp"] = PretrainingTp, ["apply_residual_connection_post_layernorm"] = ApplyResidualConnectionPostLayernorm,
            ["hidden_dropout"] = HiddenDropout, ["attention_dropout"] = AttentionDropout, ["bos_token_id"] = BosTokenId,
            ["eos_token_id"] = EosTokenId, ["slow_but_exact"] = false,
        };
        if (PadTokenId is not null) o["pad_token_id"] = PadTokenId; // PretrainedConfig's default is None
        return o;
    }

    protected override JsonObject GenerationFields()
    {
        var o = new JsonObject { ["bos_token_id"] = BosTokenId, ["eos_token_id"] = EosTokenId };
        if (PadTokenId is not null) o["pad_token_id"] = PadTokenId;
        return o;
    }

    // The legacy name wins, as in BloomConfig.__init__ (n_embed overrides hidden_size when both are present).
    static void Rename(JsonObject obj, string legacy, string current)
    {
        if (!obj.TryGetPropertyValue(legacy, out var value) || value is null) return;
        obj.Remove(legacy);
        obj[current] = value.DeepClone();
    }

    public override void Validate(string source)
    {
        Require(ModelType == "bloom", source, "model_type", $"is \"{ModelType}\"; a BloomConfig needs bloom");
        Require(VocabSize > 0, source, "vocab_size", "must be positive");
        Require(NHead > 0, source, "n_head", "must be positive");
        Require(HiddenSize > 0 && HiddenSize % NHead == 0, source, "hidden_size", $"({HiddenSize}) must be a positive multiple of n_head ({NHead})");
        Require(NLayer > 0, source, "n_layer", "must be positive");
        Require(LayerNormEpsilon > 0, source, "layer_norm_epsilon", "must be positive");
        Require(HiddenDropout is >= 0 and < 1, source, "hidden_dropout", "must be in [0, 1)");
        Require(AttentionDropout is >= 0 and < 1, source, "attention_dropout", "must be in [0, 1)");
        Require(PretrainingTp >= 1, source, "pretraining_tp", "must be at least 1");
        Require(TieWordEmbeddings, source, "tie_word_embeddings", "false is not supported: BLOOM's LM head is the word embedding matrix");
        Require(PadTokenId is null || (PadTokenId >= 0 && PadTokenId < VocabSize), source, "pad_token_id", "is outside the vocabulary");
        Require(EosTokenId is null || (EosTokenId >= 0 && EosTokenId < VocabSize), source, "eos_token_id", "is outside the vocabulary");
    }
}
