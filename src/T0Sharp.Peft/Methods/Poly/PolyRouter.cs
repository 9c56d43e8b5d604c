using T0Sharp.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace T0Sharp.Peft.Methods.Poly;

/// <summary>
/// PEFT's PolyRouter (a simplification of mttl's): logits Z (n_tasks, n_splits · n_skills), one row per task. Training
/// draws a relaxed Bernoulli sample (temperature 1, torch's RelaxedBernoulli.rsample: sigmoid of logits plus logistic
/// noise, clamped to [eps, 1 - eps]); evaluation takes sigmoid(Z). Weights are normalised to sum 1 over the skills of
/// each split (+1e-12). Saved as <c>poly_router.module_logits</c>.
/// </summary>
public sealed class PolyRouter : nn.Module
{
#pragma warning disable IDE1006 // the state-dict key is the field name
    readonly Parameter module_logits;
#pragma warning restore IDE1006

    public PolyRouter(Tensor logits) : base(nameof(PolyRouter))
    {
        module_logits = new Parameter(logits);
        RegisterComponents();
    }

    public Parameter Logits => module_logits;

    /// <summary>Mixing weights (B, n_splits, n_skills) for <paramref name="taskIds"/> (B,) int64.</summary>
    public Tensor Weights(Tensor taskIds, int splits, int skills, bool training)
    {
        var z = module_logits.index_select(0, taskIds.to(module_logits.device)).view(-1, splits, skills);
        z = training ? RelaxedBernoulliSample(z) : z.sigmoid();
        return z.div(z.sum(-1, keepdim: true).Plus(1e-12));
    }

    /// <summary>torch.distributions.RelaxedBernoulli(temperature=1, logits).rsample().</summary>
    static Tensor RelaxedBernoulliSample(Tensor logits)
    {
        var eps = EpsOf(logits.dtype);
        var u = rand_like(logits).Between(eps, 1 - eps);
        var noisy = logits.Plus(u.log().sub(u.neg().log1p())); // logits + logistic noise, / temperature 1
        return noisy.sigmoid().Between(eps, 1 - eps);
    }

    static double EpsOf(ScalarType t) => t switch
    {
        ScalarType.Float64 => 2.220446049250313e-16,
        ScalarType.BFloat16 => 0.0078125,
        ScalarType.Float16 => 0.0009765625,
        _ => 1.1920928955078125e-07,
    };
}
