using T0Sharp.Data.Features;

namespace T0Sharp.Data.Pretraining;

/// <summary>
/// T5's span corruption (t5.data.preprocessors.span_corruption, the objective of T5 and therefore of T0's starting
/// point): a <see cref="NoiseMasks.RandomSpans"/> mask; inputs = the non-noise tokens with one sentinel per noise
/// span, then EOS; targets = each span's sentinel followed by its noise tokens, then EOS. The chunk length is
/// <see cref="NoiseMasks.RandomSpansLengths"/> of the inputs length, so inputs are never padded nor cut (T5: inputs
/// 512 → 568 raw tokens, targets 114). With a <paramref name="modeTokens"/> prefix (UL2's [NLU]/[NLG]) the inputs
/// start with it and the chunk shrinks to make room. UL2's R- and X-denoisers are this objective with other settings.
/// </summary>
public sealed class SpanCorruption(double noiseDensity, double meanNoiseSpanLength, PretrainingTokens tokens, int[]? modeTokens = null)
    : IPretrainingObjective
{
    readonly int[] _mode = modeTokens ?? [];

    /// <summary>T5's settings: density 0.15, mean noise span length 3.</summary>
    public static SpanCorruption T5(PretrainingTokens tokens) => new(0.15, 3.0, tokens);

    public double NoiseDensity => noiseDensity;
    public double MeanNoiseSpanLength => meanNoiseSpanLength;

    public string Description => $"span corruption (density {noiseDensity:0.###}, mean span {meanNoiseSpanLength:0.###})";

    public int ChunkLength(FeatureLengths lengths)
    {
        var budget = lengths.Inputs - _mode.Length;
        if (budget < 3) throw new PretrainingLengthException($"span corruption needs data.input_length of at least {_mode.Length + 3} (got {lengths.Inputs})");
        var (raw, targets) = NoiseMasks.RandomSpansLengths(budget, noiseDensity, meanNoiseSpanLength);
        if (targets > lengths.Targets)
            throw new PretrainingLengthException(
                $"{Description} with data.input_length {lengths.Inputs} makes targets of {targets} tokens: set data.target_length to at least {targets} (it is {lengths.Targets})");
        return raw;
    }

    public TokenizedExample Apply(int[] chunk, Random rng)
    {
        var noise = NoiseMasks.RandomSpans(chunk.Length, noiseDensity, meanNoiseSpanLength, rng);
        int[] inputs = [.. _mode, .. SpanOperations.NoiseSpanToUniqueSentinel(chunk, noise, tokens.FirstSentinel), tokens.Eos];
        int[] targets = [.. SpanOperations.NonNoiseSpanToUniqueSentinel(chunk, noise, tokens.FirstSentinel), tokens.Eos];
        return new TokenizedExample(inputs, targets);
    }
}
