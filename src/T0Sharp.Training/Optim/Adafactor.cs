using T0Sharp.Models;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace T0Sharp.Training.Optim;

/// <summary>Adafactor settings, as Hugging Face's <c>transformers.Adafactor</c> names them.</summary>
public sealed record AdafactorSettings(
    double Eps1 = 1e-30, double Eps2 = 1e-3, double ClipThreshold = 1.0, double DecayRate = -0.8,
    double? Beta1 = null, double WeightDecay = 0.0, bool ScaleParameter = false, bool RelativeStep = false,
    bool WarmupInit = false);

/// <summary>
/// Adafactor (Shazeer and Stern, 2018) exactly as Hugging Face transformers implements it, which is also the
/// T5/T0 recipe (with relative_step and scale_parameter off and a constant 1e-3 learning rate):
/// second moments factored into row and column means for parameters with 2 or more dimensions,
/// beta2_t = 1 - t^decay_rate, updates divided by max(1, RMS(update)/clip_threshold), optional momentum
/// (beta1), optional relative step size min(1e-2, 1/sqrt(t)) and parameter-RMS scaling, and weight decay
/// applied as p -= wd * lr * p before the update.
/// </summary>
public sealed class Adafactor(IEnumerable<(string Name, Parameter Param)> parameters, AdafactorSettings settings)
    : TrainingOptimizer(parameters)
{
    public AdafactorSettings Settings { get; } = settings;

    protected override void Update(int index, Tensor data, Tensor grad, double learningRate)
    {
        var s = Settings;
        long step = Steps[index];
        var shape = grad.shape;
        var factored = shape.Length >= 2;

        var lr = learningRate;
        if (s.RelativeStep)
        {
            var minStep = s.WarmupInit ? 1e-6 * step : 1e-2;
            lr = Math.Min(minStep, 1.0 / Math.Sqrt(step));
        }
        if (s.ScaleParameter) lr *= Math.Max(s.Eps2, Rms(data).item<float>());

        var beta2t = 1.0 - Math.Pow(step, s.DecayRate);
        var update = grad.square().PlusInPlace(s.Eps1);
        if (factored)
        {
            var row = State(index, "exp_avg_sq_row", shape[..^1]);
            var col = State(index, "exp_avg_sq_col", [.. shape[..^2], shape[^1]]);
            row.TimesInPlace(beta2t).PlusScaledInPlace(update.mean([-1]), 1.0 - beta2t);
            col.TimesInPlace(beta2t).PlusScaledInPlace(update.mean([-2]), 1.0 - beta2t);
            // Approximate 1/sqrt(v) from the factors: rsqrt(row / mean(row)) (outer) rsqrt(col).
            var rFactor = row.div(row.mean([-1], keepdim: true)).rsqrt_().unsqueeze(-1);
            var cFactor = col.unsqueeze(-2).rsqrt();
            update = rFactor.mul(cFactor).mul_(grad);
        }
        else
        {
            var v = State(index, "exp_avg_sq", shape);
            v.TimesInPlace(beta2t).PlusScaledInPlace(update, 1.0 - beta2t);
            update = v.rsqrt().mul_(grad);
        }
        update.div_(Rms(update).OverInPlace(s.ClipThreshold).AtLeastInPlace(1.0));
        update.TimesInPlace(lr);
        if (s.Beta1 is double beta1)
        {
            var m = State(index, "exp_avg", shape);
            m.TimesInPlace(beta1).PlusScaledInPlace(update, 1.0 - beta1);
            update = m;
        }
        if (s.WeightDecay != 0) data.PlusScaledInPlace(data, -s.WeightDecay * lr);
        data.sub_(update);
    }

    /// <summary>Root mean square, as HF's <c>_rms</c>: ||t||_2 / sqrt(numel).</summary>
    static Tensor Rms(Tensor t) => t.norm(2f).OverInPlace(Math.Sqrt(t.numel()));
}
