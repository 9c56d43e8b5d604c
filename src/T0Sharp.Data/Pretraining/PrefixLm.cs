using T0Sharp.Data.Features;

namespace T0Sharp.Data.Pretraining;

/// <summary>
/// T5's prefix language modelling (t5.data.preprocessors.prefix_lm; T5 v1.1 "LM-adapted", T0's starting point, was
/// trained 100k steps on it): a <see cref="NoiseMasks.RandomPrefix"/> split; inputs = the prefix then EOS, targets =
/// the rest then EOS. Density 0.5 (T5's) splits uniformly anywhere in [1, length − 1]; UL2's S-denoiser uses 0.25
/// (the targets are at most half the chunk). The chunk is min(input_length − mode tokens, target_length) tokens so
/// nothing is ever cut. <paramref name="modeTokens"/> (UL2's [S2S], AlexaTM's [CLM]) start the inputs.
/// </summary>
public sealed class PrefixLm(PretrainingTokens tokens, double noiseDensity = 0.5, int[]? modeTokens = null) : IPretrainingObjective
{
    readonly int[] _mode = modeTokens ?? [];

    public double NoiseDensity => noiseDensity;

    public string Description => noiseDensity == 0.5 ? "prefix LM" : $"prefix LM (density {noiseDensity:0.###})";

    public int ChunkLength(FeatureLengths lengths)
    {
        var length = Math.Min(lengths.Inputs - _mode.Length, lengths.Targets);
        if (length < 2) throw new PretrainingLengthException($"prefix LM needs data.input_length of at least {_mode.Length + 2} and data.target_length of at least 2");
        return length;
    }

    public TokenizedExample Apply(int[] chunk, Random rng)
    {
        var prefix = NoiseMasks.RandomPrefix(chunk.Length, noiseDensity, rng);
        int[] inputs = [.. _mode, .. SpanOperations.DropNonNoiseTokens(chunk, prefix), tokens.Eos];
        int[] targets = [.. SpanOperations.DropNoiseTokens(chunk, prefix), tokens.Eos];
        return new TokenizedExample(inputs, targets);
    }
}
