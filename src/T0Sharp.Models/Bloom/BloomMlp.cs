using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace T0Sharp.Models.Bloom;

/// <summary>BLOOM MLP: dense_4h_to_h(gelu_tanh(dense_h_to_4h x)), dropout, residual add.</summary>
public sealed class BloomMlp : nn.Module<Tensor, Tensor, Tensor>
{
    readonly Linear dense_h_to_4h, dense_4h_to_h;
    readonly double hiddenDropout;

    public BloomMlp(BloomConfig c) : base(nameof(BloomMlp))
    {
        dense_h_to_4h = nn.Linear(c.HiddenSize, 4 * c.HiddenSize, hasBias: true);
        dense_4h_to_h = nn.Linear(4 * c.HiddenSize, c.HiddenSize, hasBias: true);
        hiddenDropout = c.HiddenDropout;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x, Tensor residual)
    {
        using var scope = NewDisposeScope();
        // bloom_gelu is the tanh approximation (0.79788456 ≈ sqrt(2/pi)); torch's tanh GELU agrees to fp32 rounding.
        var h = nn.functional.gelu(dense_h_to_4h.call(x), TorchSharp.Modules.GELU.Approximate.tanh);
        var y = nn.functional.dropout(dense_4h_to_h.call(h), hiddenDropout, training);
        return y.add(residual).MoveToOuterDisposeScope();
    }
}
