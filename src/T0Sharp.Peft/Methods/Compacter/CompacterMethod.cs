using T0Sharp.Models;
using T0Sharp.Peft.Config;
using T0Sharp.Peft.Methods.Bottleneck;
using T0Sharp.Peft.Targeting;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace T0Sharp.Peft.Methods.Compacter;

/// <summary>
/// Applies a <see cref="CompacterConfig"/>: the placement's default targets (as bottleneck adapters: Compacter after
/// the attention and feed-forward outputs, Compacter++ after the feed-forward output only), the shared rule registered
/// on the model first (drawn first from the seeded generator), then one <see cref="CompacterLayer"/> per target.
/// </summary>
public sealed class CompacterMethod : IPeftInjector
{
    const string What = "Compacter";

    public PeftConfig Complete(PeftConfig config, ILanguageModel model, string source)
    {
        var c = ModelKinds.WithTaskType((CompacterConfig)config, model, source);
        c.Validate(source);
        if (c.TargetModules is null) c = c with { TargetModules = AdapterTargets.Default(c.Placement, model, source) };
        foreach (var t in TargetResolver.Resolve(model, c.TargetModules!, source, What)) Check(t, c, source);
        if (c.SharedPhmRule && model.Adaptation.OwnedNames.Contains(SharedPhmRule.ModuleName))
            throw new InvalidDataException($"{source}: the model already has a Compacter's shared rule; apply one Compacter per model");
        return c;
    }

    /// <summary>The bottleneck width, checked: d and m must both divide by phm_dim.</summary>
    static long Check(TargetModule t, CompacterConfig c, string source)
    {
        var m = AdapterTargets.Bottleneck(t, c.ReductionFactor, source);
        if (t.Linear.OutFeatures % c.PhmDim != 0 || m % c.PhmDim != 0)
            throw new InvalidDataException($"{source}: \"phm_dim\" {c.PhmDim} must divide {t.Name}'s {t.Linear.OutFeatures} output features and the " +
                $"bottleneck width {m} (= {t.Linear.OutFeatures} / reduction_factor {c.ReductionFactor}); change phm_dim or reduction_factor");
        return m;
    }

    public AppliedAdapter Inject(ILanguageModel model, PeftConfig config, InitContext init, string source)
    {
        var c = (CompacterConfig)config;
        var targets = TargetResolver.Resolve(model, c.TargetModules!, source, What);
        SharedPhmRule? shared = null;
        if (c.SharedPhmRule)
        {
            var device = targets.Count > 0 ? targets[0].Linear.Weight.device : CPU;
            var dtype = targets.Count > 0 ? targets[0].Linear.Weight.dtype : ScalarType.Float32;
            shared = new SharedPhmRule(InitialRule(c.PhmDim, c, init).to(dtype, device));
            model.Adaptation.RegisterModule(SharedPhmRule.ModuleName, shared);
        }
        var layers = targets.Select(t => (t, (IPeftLayer)new CompacterLayer(t.Linear.OutFeatures, Check(t, c, source), c, shared, init))).ToList();
        return new CompacterAdapterSet(c, layers, shared);
    }

    /// <summary>A rule A (n, n, n): N(0, phm_init_range) or U(−1, 1) (phm_c_init), zeros when loading.</summary>
    internal static Tensor InitialRule(int n, CompacterConfig c, InitContext init)
    {
        using var _ = no_grad();
        if (!init.Initialise) return zeros(n, n, n);
        return c.PhmCInit == "uniform" ? Init.Uniform([n, n, n], -1, 1, init.Generator) : Init.Normal([n, n, n], c.PhmInitRange, init.Generator);
    }
}

/// <summary>A Compacter's layers and, when shared, the model-wide rule (runtime name and file key <c>…compacter.phm_rule</c>).</summary>
internal sealed class CompacterAdapterSet(CompacterConfig config, IEnumerable<(TargetModule, IPeftLayer)> layers, SharedPhmRule? shared)
    : LayerAdapterSet(config, layers)
{
    const string RuleName = SharedPhmRule.ModuleName + ".phm_rule";

    public override IReadOnlyList<(string Name, Parameter Parameter)> Parameters =>
        shared is null ? base.Parameters : [(RuleName, shared.Rule), .. base.Parameters];

    public override IReadOnlyList<AdapterTensor> Tensors =>
        shared is null ? base.Tensors : [AdapterTensor.ForParameter(RuleName, () => shared.Rule), .. base.Tensors];
}
