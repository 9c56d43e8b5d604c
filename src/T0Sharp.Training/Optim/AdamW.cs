using T0Sharp.Models;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace T0Sharp.Training.Optim;

/// <summary>
/// AdamW (Loshchilov and Hutter) with decoupled weight decay, computed as torch.optim.AdamW does:
/// p *= 1 - lr*wd; m = b1 m + (1-b1) g; v = b2 v + (1-b2) g²; p -= (lr / (1-b1^t)) * m / (sqrt(v)/sqrt(1-b2^t) + eps).
/// </summary>
public sealed class AdamW(IEnumerable<(string Name, Parameter Param)> parameters,
    double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0.0)
    : TrainingOptimizer(parameters)
{
    protected override void Update(int index, Tensor data, Tensor grad, double learningRate)
    {
        long step = Steps[index];
        var shape = grad.shape;
        if (weightDecay != 0) data.TimesInPlace(1.0 - learningRate * weightDecay);
        var m = State(index, "exp_avg", shape);
        var v = State(index, "exp_avg_sq", shape);
        m.LerpInPlace(grad, 1.0 - beta1);
        v.TimesInPlace(beta2).PlusProductInPlace(grad, grad, 1.0 - beta2);
        var bias1 = 1.0 - Math.Pow(beta1, step);
        var bias2 = 1.0 - Math.Pow(beta2, step);
        var denom = v.sqrt().OverInPlace(Math.Sqrt(bias2)).PlusInPlace(eps);
        data.PlusQuotientInPlace(m, denom, -learningRate / bias1);
    }
}
