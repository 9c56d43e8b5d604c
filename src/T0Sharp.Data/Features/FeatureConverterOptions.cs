namespace T0Sharp.Data.Features;

/// <summary>
/// How task features (tokenized inputs and targets) become model features.
/// </summary>
/// <param name="Lengths">Truncation and padding lengths (T0: 1024/256). Decoder-only rows are Inputs+Targets long.</param>
/// <param name="Pack">Pack several examples per row (segment ids keep them apart) instead of one example per row.</param>
/// <param name="PadId">Id written on padding positions of token arrays (T5: 0; BLOOM: 3).</param>
/// <param name="DecoderStartId">First decoder input of every example (T5: 0, the pad id).</param>
/// <param name="EosId">EOS id kept at the end of a truncated sequence that ended with it (T5: 1; null: never, as t-zero's
/// convention trims; training sets it from <see cref="EosConvention.TruncationEosId"/>).</param>
/// <param name="BosId">Decoder-only: start token fed before each example (null: Hugging Face causal-LM shift, no BOS).</param>
public sealed record FeatureConverterOptions(
    FeatureLengths Lengths,
    bool Pack = true,
    int PadId = 0,
    int DecoderStartId = 0,
    int? EosId = 1,
    int? BosId = null)
{
    /// <summary>T0's setting: 1024/256, packed, T5 ids.</summary>
    public static FeatureConverterOptions T0 { get; } = new(FeatureLengths.T0);
}
