using T0Sharp.Models;
using T0Sharp.Modular.Hint;

namespace T0Sharp.Benchmarks;

/// <summary>
/// Matmul FLOPs (2 per multiply-add) of rank-classifying one example with HINT against T0-style concatenation, from
/// the config and token counts (<see cref="RankClassificationFlops"/> for the base parts). T0: the encoder and the
/// cross-attention keys/values read instruction + input. HINT with a cached instruction: the encoder reads the input
/// only, plus per layer P prefix keys in every attention (scores and weighted sums), the feed-forward adapters
/// (down and up, per token), and with fusion L instruction positions in cross-attention (keys/values projected per
/// call). The instruction itself costs <see cref="InstructionOnce"/> once per task (encoder + hypernetwork).
/// </summary>
public sealed class HintFlops(T5Config c, HintSettings s, HintLayout layout)
{
    readonly RankClassificationFlops _base = new(c);
    readonly double _d = c.DModel, _inner = c.InnerDim;

    /// <summary>T0: instruction and input concatenated (<paramref name="instruction"/> + <paramref name="input"/> tokens).</summary>
    public double T0(int instruction, int input, IReadOnlyList<int> choices) => _base.Example(instruction + input, choices).Reuse;

    /// <summary>HINT per example once the instruction's parameters are cached.</summary>
    public double Cached(int instruction, int input, IReadOnlyList<int> choices)
    {
        double p = s.PrefixLength, a = s.AdapterSize, fused = s.Fusion ? instruction : 0;
        var encoder = _base.Encoder(input) + c.NumLayers * (4.0 * input * p * _inner + 4.0 * input * _d * a);
        var crossKv = _base.CrossKeysValues(input) + c.DecoderLayers * 4.0 * fused * _d * _inner;
        var decode = choices.Sum(t => _base.Decoder(t, input)
            + c.DecoderLayers * (double)t * (4.0 * p * _inner + 4.0 * (p + fused) * _inner + 4.0 * _d * a));
        return encoder + crossKv + decode;
    }

    /// <summary>Generating one instruction's parameters: the encoder over it, then the hypernetwork's attention and MLPs.</summary>
    public double InstructionOnce(int instruction)
    {
        double n = layout.Rows, l = instruction;
        var attention = 2 * n * _d * _inner + 4 * l * _d * _inner + 4 * n * l * _inner + 2 * n * _inner * _d;
        var mlps = layout.Groups.Sum(g => g.Rows * (2 * _d * _d + 2 * _d * g.Output));
        return _base.Encoder(instruction) + attention + mlps;
    }
}
