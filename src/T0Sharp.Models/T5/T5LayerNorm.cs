using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace T0Sharp.Models.T5;

/// <summary>
/// T5's layer norm: RMS scaling only (no mean subtraction, no bias), variance accumulated in fp32.
/// y = w * x / sqrt(mean(x^2) + eps).
/// </summary>
public sealed class T5LayerNorm : nn.Module<Tensor, Tensor>
{
    readonly Parameter weight;
    readonly double eps;

    public T5LayerNorm(long size, double eps) : base(nameof(T5LayerNorm))
    {
        weight = nn.Parameter(ones(size));
        this.eps = eps;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var variance = x.to(ScalarType.Float32).Power(2).mean([-1L], keepdim: true);
        var normed = x.mul(variance.Plus(eps).rsqrt());
        if (weight.dtype is ScalarType.BFloat16 or ScalarType.Float16) normed = normed.to(weight.dtype);
        return weight.mul(normed).MoveToOuterDisposeScope();
    }
}
