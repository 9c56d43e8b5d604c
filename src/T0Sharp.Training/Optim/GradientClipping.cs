using T0Sharp.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace T0Sharp.Training.Optim;

/// <summary>Global-norm gradient clipping (as torch.nn.utils.clip_grad_norm_), returning the norm before clipping.</summary>
public static class GradientClipping
{
    /// <summary>Scales all gradients by min(1, max_norm / (norm + 1e-6)) when <paramref name="maxNorm"/> &gt; 0. Returns the total L2 norm (a 0-d tensor).</summary>
    public static Tensor ClipByGlobalNorm(IEnumerable<Parameter> parameters, double maxNorm)
    {
        using var _ = no_grad();
        var grads = parameters.Select(p => p.grad).Where(g => g is not null).Cast<Tensor>().ToList();
        if (grads.Count == 0) return zeros(1).squeeze();
        var norms = stack(grads.Select(g => g.to(ScalarType.Float32).norm(2f)).ToArray());
        var total = norms.norm(2f);
        if (maxNorm > 0)
        {
            var coef = total.Plus(1e-6).reciprocal().Times(maxNorm).AtMostInPlace(1.0); // maxNorm / (total + 1e-6), as TorchSharp computes a number over a tensor
            foreach (var g in grads) g.mul_(coef.to(g.dtype));
        }
        return total;
    }
}
