using T0Sharp.Models;

namespace T0Sharp.Benchmarks;

/// <summary>
/// Matmul FLOPs (2 per multiply-add) of T5 rank classification, counted from the config and the real token counts (no
/// padding): the encoder once per input, cross-attention keys/values once per input, and per choice token the
/// decoder's self-attention, cross-attention queries/outputs and scores, feed-forward and LM head. The naive path
/// pays the encoder and the cross-attention keys/values once per choice instead.
/// </summary>
public sealed class RankClassificationFlops(T5Config c)
{
    readonly double _d = c.DModel, _inner = c.InnerDim, _ff = (c.Gated ? 3 : 2) * 2.0 * c.DModel * c.DFf;

    /// <summary>Encoder forward over <paramref name="s"/> tokens.</summary>
    public double Encoder(int s) => c.NumLayers * (double)s * (8 * _d * _inner + _ff + 4.0 * s * _inner);

    /// <summary>Cross-attention keys and values of <paramref name="s"/> encoder tokens, every decoder layer.</summary>
    public double CrossKeysValues(int s) => c.DecoderLayers * 4.0 * s * _d * _inner;

    /// <summary>Decoder forward of a <paramref name="t"/>-token choice over <paramref name="s"/> encoder tokens (cross keys/values excluded), plus the LM head.</summary>
    public double Decoder(int t, int s) =>
        c.DecoderLayers * (double)t * (8 * _d * _inner + 4.0 * t * _inner + 4 * _d * _inner + 4.0 * s * _inner + _ff) + 2.0 * t * _d * c.VocabSize;

    /// <summary>(reuse, naive) FLOPs of scoring every choice of one input.</summary>
    public (double Reuse, double Naive) Example(int inputTokens, IReadOnlyList<int> choiceTokens)
    {
        var once = Encoder(inputTokens) + CrossKeysValues(inputTokens);
        var decode = choiceTokens.Sum(t => Decoder(t, inputTokens));
        return (once + decode, choiceTokens.Count * once + decode);
    }
}
