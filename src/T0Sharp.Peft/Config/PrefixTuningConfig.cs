using System.Text.Json.Nodes;

namespace T0Sharp.Peft.Config;

/// <summary>
/// PEFT's <c>PrefixTuningConfig</c> (peft_type PREFIX_TUNING): a table [n, num_layers · 2 · token_dim] of prefix keys and
/// values (or, with <see cref="PrefixProjection"/> while training, an embedding [n, token_dim] passed through
/// Linear(token_dim, encoder_hidden_size) → tanh → Linear(encoder_hidden_size, num_layers · 2 · token_dim)). The per-head
/// width is token_dim / num_attention_heads as stored, never derived from d_model.
/// <see cref="EncoderPrefix"/> (T0Sharp's field <c>t0sharp_encoder_prefix</c>, written only when true) also prefixes
/// the T5 encoder's self-attention, which PEFT cannot do; PEFT 0.9.0 refuses such a file (unknown field), which is
/// better than silently dropping the encoder prefix.
/// </summary>
public sealed record PrefixTuningConfig : PromptLearningConfig
{
    public const string EncoderPrefixField = "t0sharp_encoder_prefix";

    public override string PeftType => "PREFIX_TUNING";

    public int? EncoderHiddenSize { get; init; }
    public bool PrefixProjection { get; init; }
    public bool EncoderPrefix { get; init; }

    internal static PrefixTuningConfig Read(ConfigReader r) => new PrefixTuningConfig
    {
        EncoderHiddenSize = r.IntOrNull("encoder_hidden_size"),
        PrefixProjection = r.Bool("prefix_projection", false),
        EncoderPrefix = r.Bool(EncoderPrefixField, false),
    }.ReadShared<PrefixTuningConfig>(r);

    public override void Validate(string source)
    {
        base.Validate(source);
        Require(EncoderHiddenSize is null or > 0, source, "encoder_hidden_size", $"is {Show(EncoderHiddenSize)}: must be positive");
        if (TokenDim is { } d && NumAttentionHeads is { } h)
            Require(d % h == 0, source, "token_dim", $"is {d}, not a multiple of num_attention_heads {h}: the per-head width is token_dim / num_attention_heads");
    }

    protected override void WriteFields(JsonObject o)
    {
        base.WriteFields(o);
        o["encoder_hidden_size"] = EncoderHiddenSize;
        o["prefix_projection"] = PrefixProjection;
        if (EncoderPrefix) o[EncoderPrefixField] = true;
    }
}
