using T0Sharp.Training.Options;
using TorchSharp;
using TorchSharp.Modules;

namespace T0Sharp.Training.Optim;

/// <summary>Builds the configured optimizer over a module's trainable parameters (in named_parameters order).</summary>
public static class OptimizerFactory
{
    public static TrainingOptimizer Create(OptimizerSection o, torch.nn.Module module)
    {
        var parameters = module.named_parameters().Where(p => p.parameter.requires_grad)
            .Select(p => (p.name, p.parameter)).ToList();
        return o.Name switch
        {
            OptimizerKind.Adafactor => new Adafactor(parameters, new AdafactorSettings(
                o.Eps1, o.Eps2, o.ClipThreshold, o.DecayRate, o.Beta1, o.WeightDecay, o.ScaleParameter, o.RelativeStep, o.WarmupInit)),
            OptimizerKind.AdamW => new AdamW(parameters, o.Beta1 ?? 0.9, o.Beta2, o.Eps, o.WeightDecay),
            _ => throw new ArgumentOutOfRangeException(nameof(o), o.Name, null),
        };
    }
}
