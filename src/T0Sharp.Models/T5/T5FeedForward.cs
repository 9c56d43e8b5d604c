using T0Sharp.Models.Adaptation;
using T0Sharp.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace T0Sharp.Models.T5;

/// <summary>
/// T5 v1.0 feed-forward: wo(act(wi x)), act = ReLU for the original checkpoints. Hosts sub-layer adapters (bottleneck,
/// parallel): their input is the normed hidden state, their output the feed-forward output before dropout.
/// </summary>
public sealed class T5DenseActDense : nn.Module<Tensor, Tensor>, IAdapterHost
{
    readonly AdaptableLinear wi, wo;
    readonly string act;
    readonly double dropout;

    public T5DenseActDense(T5Config c) : base(nameof(T5DenseActDense))
    {
        wi = new AdaptableLinear(c.DModel, c.DFf, hasBias: false);
        wo = new AdaptableLinear(c.DFf, c.DModel, hasBias: false);
        act = c.Activation;
        dropout = c.DropoutRate;
        RegisterComponents();
        Adapters = new AdapterSlot(this);
    }

    public AdapterSlot Adapters { get; }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = Activations.Apply(act, wi.call(Adapters.Input(x)));
        h = nn.functional.dropout(h, dropout, training);
        return Adapters.Output(x, wo.call(h)).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// T5 v1.1 / T0 / mT5 feed-forward: wo(act(wi_0 x) * wi_1 x), act = gelu_new (tanh GELU) for "gated-gelu". Hosts
/// sub-layer adapters like <see cref="T5DenseActDense"/>.
/// </summary>
public sealed class T5DenseGatedActDense : nn.Module<Tensor, Tensor>, IAdapterHost
{
    [ComponentName(Name = "wi_0")] readonly AdaptableLinear gate;
    [ComponentName(Name = "wi_1")] readonly AdaptableLinear up;
    readonly AdaptableLinear wo;
    readonly string act;
    readonly double dropout;

    public T5DenseGatedActDense(T5Config c) : base(nameof(T5DenseGatedActDense))
    {
        gate = new AdaptableLinear(c.DModel, c.DFf, hasBias: false);
        up = new AdaptableLinear(c.DModel, c.DFf, hasBias: false);
        wo = new AdaptableLinear(c.DFf, c.DModel, hasBias: false);
        act = c.Activation;
        dropout = c.DropoutRate;
        RegisterComponents();
        Adapters = new AdapterSlot(this);
    }

    public AdapterSlot Adapters { get; }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var input = Adapters.Input(x);
        var h = Activations.Apply(act, gate.call(input)).mul(up.call(input));
        h = nn.functional.dropout(h, dropout, training);
        return Adapters.Output(x, wo.call(h)).MoveToOuterDisposeScope();
    }
}

/// <summary>Pre-norm residual feed-forward sub-layer: x + dropout(ff(norm(x))).</summary>
public sealed class T5LayerFF : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "DenseReluDense")] readonly nn.Module<Tensor, Tensor> ff;
    readonly T5LayerNorm layer_norm;
    readonly double dropout;

    public T5LayerFF(T5Config c) : base(nameof(T5LayerFF))
    {
        ff = c.Gated ? new T5DenseGatedActDense(c) : new T5DenseActDense(c);
        layer_norm = new T5LayerNorm(c.DModel, c.LayerNormEpsilon);
        dropout = c.DropoutRate;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = ff.call(layer_norm.call(x));
        return x.Plus(nn.functional.dropout(y, dropout, training)).MoveToOuterDisposeScope();
    }
}
