using T0Sharp.Data.Features;

namespace T0Sharp.Data.Pretraining;

/// <summary>
/// AlexaTM 20B's denoising task: spans of the chunk are dropped from the inputs (no sentinel marks where) and the
/// targets are the whole chunk, which the decoder reconstructs; EOS ends both. The noise is T5's
/// <see cref="NoiseMasks.RandomSpans"/> mask (density 0.15, mean span length 3), where the paper draws span lengths
/// from a Poisson distribution of mean 3: the same density and mean, a different spread of span lengths.
/// The chunk is min(input_length, target_length) − 1 tokens.
/// </summary>
public sealed class SpanDeletion(double noiseDensity, double meanNoiseSpanLength, PretrainingTokens tokens) : IPretrainingObjective
{
    public string Description => $"span deletion with reconstruction (density {noiseDensity:0.###}, mean span {meanNoiseSpanLength:0.###})";

    public int ChunkLength(FeatureLengths lengths)
    {
        var length = Math.Min(lengths.Inputs, lengths.Targets) - 1;
        if (length < 2) throw new PretrainingLengthException("span deletion needs data.input_length and data.target_length of at least 3");
        return length;
    }

    public TokenizedExample Apply(int[] chunk, Random rng)
    {
        var noise = NoiseMasks.RandomSpans(chunk.Length, noiseDensity, meanNoiseSpanLength, rng);
        return new TokenizedExample([.. SpanOperations.DropNoiseTokens(chunk, noise), tokens.Eos], [.. chunk, tokens.Eos]);
    }
}
