using T0Sharp.Models.Adaptation;
using T0Sharp.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace T0Sharp.Models.Bloom;

/// <summary>
/// BLOOM MLP: dense_4h_to_h(gelu_tanh(dense_h_to_4h x)), dropout, residual add. Hosts sub-layer adapters: their input
/// is the normed hidden state, their output the MLP output before dropout and residual.
/// </summary>
public sealed class BloomMlp : nn.Module<Tensor, Tensor, Tensor>, IAdapterHost
{
    readonly AdaptableLinear dense_h_to_4h, dense_4h_to_h;
    readonly double hiddenDropout;

    public BloomMlp(BloomConfig c) : base(nameof(BloomMlp))
    {
        dense_h_to_4h = new AdaptableLinear(c.HiddenSize, 4 * c.HiddenSize, hasBias: true);
        dense_4h_to_h = new AdaptableLinear(4 * c.HiddenSize, c.HiddenSize, hasBias: true);
        hiddenDropout = c.HiddenDropout;
        RegisterComponents();
        Adapters = new AdapterSlot(this);
    }

    public AdapterSlot Adapters { get; }

    public override Tensor forward(Tensor x, Tensor residual)
    {
        using var scope = NewDisposeScope();
        // bloom_gelu is the tanh approximation (0.79788456 ≈ sqrt(2/pi)); torch's tanh GELU agrees to fp32 rounding.
        var h = nn.functional.gelu(dense_h_to_4h.call(Adapters.Input(x)), TorchSharp.Modules.GELU.Approximate.tanh);
        var y = nn.functional.dropout(Adapters.Output(x, dense_4h_to_h.call(h)), hiddenDropout, training);
        return y.Plus(residual).MoveToOuterDisposeScope();
    }
}
