using T0Sharp.Models;
using T0Sharp.Peft.Config;
using T0Sharp.Peft.Targeting;

namespace T0Sharp.Peft.Methods.Bottleneck;

/// <summary>
/// Applies a <see cref="BottleneckConfig"/>: the placement's default targets (<see cref="DefaultTargets"/>: T5
/// <c>SelfAttention.o, wo</c> / <c>wo</c>, BLOOM <c>self_attention.dense, mlp.dense_4h_to_h</c> /
/// <c>mlp.dense_4h_to_h</c>), one <see cref="BottleneckLayer"/> on each target's output.
/// </summary>
public sealed class BottleneckMethod : IPeftInjector
{
    public PeftConfig Complete(PeftConfig config, ILanguageModel model, string source)
    {
        var c = ModelKinds.WithTaskType((BottleneckConfig)config, model, source);
        c.Validate(source);
        if (c.TargetModules is null) c = c with { TargetModules = AdapterTargets.Default(c.Placement, model, source) };
        foreach (var t in TargetResolver.Resolve(model, c.TargetModules!, source, "A bottleneck adapter"))
            AdapterTargets.Bottleneck(t, c.ReductionFactor, source);
        return c;
    }

    public AppliedAdapter Inject(ILanguageModel model, PeftConfig config, InitContext init, string source)
    {
        var c = (BottleneckConfig)config;
        var layers = TargetResolver.Resolve(model, c.TargetModules!, source, "A bottleneck adapter").Select(t =>
            (t, (IPeftLayer)new BottleneckLayer(t.Linear.OutFeatures, AdapterTargets.Bottleneck(t, c.ReductionFactor, source), c.NonLinearity, c.InitWeights, init)));
        return new LayerAdapterSet(c, layers);
    }
}

/// <summary>Targets and sizes shared by the bottleneck-shaped methods (bottleneck adapters, Compacter).</summary>
internal static class AdapterTargets
{
    /// <summary>The placement's default targets for the model (a row of <see cref="DefaultTargets"/>).</summary>
    public static TargetSpec Default(string placement, ILanguageModel model, string source) =>
        TargetSpec.FromNames(DefaultTargets.Require(placement == "pfeiffer" ? "ADAPTER_PFEIFFER" : "ADAPTER_HOULSBY",
            model.Config.ModelType, source, "target_modules"));

    /// <summary>The bottleneck width m = d / reduction_factor (floor, as the reference implementations) of an adapter on <paramref name="t"/>'s output.</summary>
    public static long Bottleneck(TargetModule t, int reductionFactor, string source)
    {
        var m = t.Linear.OutFeatures / reductionFactor;
        if (m < 1)
            throw new InvalidDataException($"{source}: \"reduction_factor\" {reductionFactor} exceeds {t.Name}'s {t.Linear.OutFeatures} output features " +
                "(the bottleneck would be empty)");
        return m;
    }
}
