using T0Sharp.Models;
using T0Sharp.Peft.Config;
using T0Sharp.Peft.Targeting;

namespace T0Sharp.Peft.Methods.Poly;

/// <summary>Applies a <see cref="PolyConfig"/>: LoRA's default targets (as PEFT), one <see cref="PolyLayer"/> per target.</summary>
public sealed class PolyMethod : IPeftInjector
{
    public PeftConfig Complete(PeftConfig config, ILanguageModel model, string source)
    {
        var c = ModelKinds.WithTaskType((PolyConfig)config, model, source);
        if (c.TargetModules is null)
            c = c with { TargetModules = TargetSpec.FromNames(DefaultTargets.Require("LORA", model.Config.ModelType, source, "target_modules")) };
        foreach (var t in TargetResolver.Resolve(model, c.TargetModules!, source, "Poly"))
        {
            if (t.Linear.InFeatures % c.NSplits != 0 || t.Linear.OutFeatures % c.NSplits != 0)
                throw new InvalidDataException($"{source}: \"n_splits\" {c.NSplits} does not divide {t.Name}'s {t.Linear.InFeatures} inputs " +
                    $"and {t.Linear.OutFeatures} outputs");
        }
        return c;
    }

    public AppliedAdapter Inject(ILanguageModel model, PeftConfig config, InitContext init, string source)
    {
        var c = (PolyConfig)config;
        var layers = TargetResolver.Resolve(model, c.TargetModules!, source, "Poly").Select(t =>
            (t, (IPeftLayer)new PolyLayer(t.Linear.InFeatures, t.Linear.OutFeatures, c.R, c.NTasks, c.NSkills, c.NSplits, c.InitWeights, init)
            { Where = t.Name }));
        return new LayerAdapterSet(c, layers);
    }
}
