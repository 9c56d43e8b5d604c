using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace T0Sharp.Models;

/// <summary>
/// T5 family config (T5 v1.0/v1.1, T0, Flan-T5, mT5/mT0) with Hugging Face <c>T5Config</c>'s defaults.
/// <c>feed_forward_proj</c> ("relu", "gated-gelu", "gated-silu", ...) decides <see cref="DenseActFn"/> and
/// <see cref="IsGatedAct"/> unless the config states them (as newer save_pretrained output does).
/// </summary>
public sealed record T5Config : ModelConfig
{
    [JsonPropertyName("model_type")] public override string ModelType { get; init; } = "t5";
    [JsonPropertyName("vocab_size")] public override int VocabSize { get; init; } = 32128;
    [JsonPropertyName("d_model")] public int DModel { get; init; } = 512;
    [JsonPropertyName("d_kv")] public int DKv { get; init; } = 64;
    [JsonPropertyName("d_ff")] public int DFf { get; init; } = 2048;
    [JsonPropertyName("num_layers")] public int NumLayers { get; init; } = 6;
    /// <summary>Decoder depth; configs that omit it (t5-small) use <see cref="NumLayers"/>.</summary>
    [JsonPropertyName("num_decoder_layers")] public int? NumDecoderLayers { get; init; }
    [JsonPropertyName("num_heads")] public int NumHeads { get; init; } = 8;
    [JsonPropertyName("relative_attention_num_buckets")] public int RelativeAttentionNumBuckets { get; init; } = 32;
    [JsonPropertyName("relative_attention_max_distance")] public int RelativeAttentionMaxDistance { get; init; } = 128;
    [JsonPropertyName("dropout_rate")] public double DropoutRate { get; init; } = 0.1;
    [JsonPropertyName("layer_norm_epsilon")] public double LayerNormEpsilon { get; init; } = 1e-6;
    [JsonPropertyName("initializer_factor")] public double InitializerFactor { get; init; } = 1.0;
    [JsonPropertyName("feed_forward_proj")] public string FeedForwardProj { get; init; } = "relu";
    /// <summary>Activation inside the feed-forward block; derived from <see cref="FeedForwardProj"/> when absent.</summary>
    [JsonPropertyName("dense_act_fn")] public string? DenseActFn { get; init; }
    [JsonPropertyName("is_gated_act")] public bool? IsGatedAct { get; init; }
    [JsonPropertyName("tie_word_embeddings")] public override bool TieWordEmbeddings { get; init; } = true;
    [JsonPropertyName("pad_token_id")] public override int? PadTokenId { get; init; } = 0;
    [JsonPropertyName("eos_token_id")] public override int? EosTokenId { get; init; } = 1;
    [JsonPropertyName("decoder_start_token_id")] public int? DecoderStartTokenId { get; init; } = 0;
    [JsonPropertyName("is_encoder_decoder")] public bool IsEncoderDecoderKey { get; init; } = true;

    [JsonIgnore] public override bool IsEncoderDecoder => true;
    [JsonIgnore] public override string ArchitectureName => ModelType == "mt5" ? "MT5ForConditionalGeneration" : "T5ForConditionalGeneration";
    /// <summary>Width of the attention projections: d_kv * num_heads (may differ from d_model, e.g. T0 3B).</summary>
    [JsonIgnore] public int InnerDim => DKv * NumHeads;
    [JsonIgnore] public int DecoderLayers => NumDecoderLayers ?? NumLayers;
    [JsonIgnore] public string Activation => DenseActFn ?? DeriveActivation(FeedForwardProj).act;
    [JsonIgnore] public bool Gated => IsGatedAct ?? DeriveActivation(FeedForwardProj).gated;

    /// <summary>A tiny T5 v1.1-style config for tests (gated-GELU, untied head, d_kv*heads != d_model).</summary>
    public static T5Config Tiny { get; } = new()
    {
        VocabSize = 128, DModel = 16, DKv = 8, DFf = 24, NumLayers = 2, NumDecoderLayers = 2, NumHeads = 3,
        RelativeAttentionNumBuckets = 8, RelativeAttentionMaxDistance = 16, FeedForwardProj = "gated-gelu",
        DenseActFn = "gelu_new", IsGatedAct = true, TieWordEmbeddings = false,
    };

    /// <summary>A t5-small-shaped config (T5 v1.0: ReLU, tied head), used by the benchmark.</summary>
    public static T5Config Small { get; } = new() { NumDecoderLayers = 6, DenseActFn = "relu", IsGatedAct = false };

    internal static T5Config FromJson(JsonObject obj)
    {
        var c = obj.Deserialize<T5Config>(JsonOptions)!;
        var (act, gated) = DeriveActivation(c.FeedForwardProj);
        return c with
        {
            NumDecoderLayers = c.NumDecoderLayers ?? c.NumLayers,
            DenseActFn = c.DenseActFn ?? act,
            IsGatedAct = c.IsGatedAct ?? gated,
            DecoderStartTokenId = c.DecoderStartTokenId ?? c.PadTokenId ?? 0,
        };
    }

    protected override JsonObject HfFields()
    {
        var o = new JsonObject
        {
            ["vocab_size"] = VocabSize, ["d_model"] = DModel, ["d_kv"] = DKv, ["d_ff"] = DFf, ["num_layers"] = NumLayers,
            ["num_decoder_layers"] = DecoderLayers, ["num_heads"] = NumHeads,
            ["relative_attention_num_buckets"] = RelativeAttentionNumBuckets,
            ["relative_attention_max_distance"] = RelativeAttentionMaxDistance, ["dropout_rate"] = DropoutRate,
            ["classifier_dropout"] = 0.0, ["layer_norm_epsilon"] = LayerNormEpsilon, ["initializer_factor"] = InitializerFactor,
            ["feed_forward_proj"] = FeedForwardProj, ["use_cache"] = true, ["dense_act_fn"] = Activation, ["is_gated_act"] = Gated,
            ["is_encoder_decoder"] = true, ["pad_token_id"] = PadTokenId, ["eos_token_id"] = EosTokenId,
            ["decoder_start_token_id"] = DecoderStartTokenId,
        };
        if (ModelType == "mt5") o["tokenizer_class"] = "T5Tokenizer"; // MT5Config's default
        return o;
    }

    protected override JsonObject GenerationFields() => new()
    {
        ["decoder_start_token_id"] = DecoderStartTokenId, ["eos_token_id"] = EosTokenId, ["pad_token_id"] = PadTokenId,
    };

    static (string act, bool gated) DeriveActivation(string proj)
    {
        var parts = proj.Split('-');
        if (parts.Length > 2 || (parts.Length == 2 && parts[0] != "gated"))
            throw new InvalidDataException($"\"feed_forward_proj\" is \"{proj}\": expected ACT or gated-ACT, e.g. relu or gated-gelu");
        // Hugging Face maps the legacy "gated-gelu" to the tanh approximation (gelu_new), as the original T5 v1.1 code used.
        return (proj == "gated-gelu" ? "gelu_new" : parts[^1], parts[0] == "gated" && parts.Length == 2);
    }

    public override void Validate(string source)
    {
        Require(ModelType is "t5" or "mt5", source, "model_type", $"is \"{ModelType}\"; a T5Config needs t5 or mt5");
        Require(VocabSize > 0, source, "vocab_size", "must be positive");
        Require(DModel > 0, source, "d_model", "must be positive");
        Require(DKv > 0, source, "d_kv", "must be positive");
        Require(DFf > 0, source, "d_ff", "must be positive");
        Require(NumHeads > 0, source, "num_heads", "must be positive");
        Require(NumLayers > 0, source, "num_layers", "must be positive");
        Require(DecoderLayers > 0, source, "num_decoder_layers", "must be positive");
        Require(RelativeAttentionNumBuckets >= 4, source, "relative_attention_num_buckets", "must be at least 4");
        Require(RelativeAttentionMaxDistance > RelativeAttentionNumBuckets / 4, source, "relative_attention_max_distance", "must exceed num_buckets/4");
        Require(DropoutRate is >= 0 and < 1, source, "dropout_rate", "must be in [0, 1)");
        Require(LayerNormEpsilon > 0, source, "layer_norm_epsilon", "must be positive");
        try { _ = DeriveActivation(FeedForwardProj); }
        catch (InvalidDataException e) { throw new InvalidDataException($"{source}: {e.Message}"); }
        Require(Activations.IsKnown(Activation), source, "dense_act_fn", $"\"{Activation}\" is not supported ({string.Join(", ", Activations.Names)})");
        Require(PadTokenId is null || (PadTokenId >= 0 && PadTokenId < VocabSize), source, "pad_token_id", "is outside the vocabulary");
        Require(EosTokenId is null || (EosTokenId >= 0 && EosTokenId < VocabSize), source, "eos_token_id", "is outside the vocabulary");
        Require(DecoderStartTokenId is null || (DecoderStartTokenId >= 0 && DecoderStartTokenId < VocabSize), source, "decoder_start_token_id", "is outside the vocabulary");
    }
}
