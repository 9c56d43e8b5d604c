using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace T0Sharp.Models.T5;

/// <summary>T5 v1.0 feed-forward: wo(act(wi x)), act = ReLU for the original checkpoints.</summary>
public sealed class T5DenseActDense : nn.Module<Tensor, Tensor>
{
    readonly Linear wi, wo;
    readonly string act;
    readonly double dropout;

    public T5DenseActDense(T5Config c) : base(nameof(T5DenseActDense))
    {
        wi = nn.Linear(c.DModel, c.DFf, hasBias: false);
        wo = nn.Linear(c.DFf, c.DModel, hasBias: false);
        act = c.Activation;
        dropout = c.DropoutRate;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = Activations.Apply(act, wi.call(x));
        h = nn.functional.dropout(h, dropout, training);
        return wo.call(h).MoveToOuterDisposeScope();
    }
}

/// <summary>T5 v1.1 / T0 / mT5 feed-forward: wo(act(wi_0 x) * wi_1 x), act = gelu_new (tanh GELU) for "gated-gelu".</summary>
public sealed class T5DenseGatedActDense : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "wi_0")] readonly Linear gate;
    [ComponentName(Name = "wi_1")] readonly Linear up;
    readonly Linear wo;
    readonly string act;
    readonly double dropout;

    public T5DenseGatedActDense(T5Config c) : base(nameof(T5DenseGatedActDense))
    {
        gate = nn.Linear(c.DModel, c.DFf, hasBias: false);
        up = nn.Linear(c.DModel, c.DFf, hasBias: false);
        wo = nn.Linear(c.DFf, c.DModel, hasBias: false);
        act = c.Activation;
        dropout = c.DropoutRate;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = Activations.Apply(act, gate.call(x)).mul(up.call(x));
        h = nn.functional.dropout(h, dropout, training);
        return wo.call(h).MoveToOuterDisposeScope();
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
        return x.add(nn.functional.dropout(y, dropout, training)).MoveToOuterDisposeScope();
    }
}
