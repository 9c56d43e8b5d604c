using T0Sharp.Models;
using T0Sharp.Peft.Config;
using T0Sharp.Peft.Targeting;

namespace T0Sharp.Peft.Methods.Lora;

/// <summary>Applies a <see cref="LoraConfig"/>: PEFT's default targets, rank/alpha patterns, one <see cref="LoraLayer"/> per target.</summary>
public sealed class LoraMethod : IPeftInjector
{
    public PeftConfig Complete(PeftConfig config, ILanguageModel model, string source)
    {
        var c = ModelKinds.WithTaskType((LoraConfig)config, model, source);
        if (c.TargetModules is null)
            c = c with { TargetModules = TargetSpec.FromNames(DefaultTargets.Require("LORA", model.Config.ModelType, source, "target_modules")) };
        if (c.FanInFanOut) // PEFT: "fan_in_fan_out is set to True but the target module is torch.nn.Linear. Setting fan_in_fan_out to False."
            c = c with
            {
                FanInFanOut = false,
                Notes = [.. c.Notes, $"{source}: \"fan_in_fan_out\" set to false: the targets store weights (out, in) as torch's Linear, as PEFT does"],
            };
        Resolve(model, c, source);
        return c;
    }

    public AppliedAdapter Inject(ILanguageModel model, PeftConfig config, InitContext init, string source)
    {
        var c = (LoraConfig)config;
        var layers = Resolve(model, c, source).Select(t =>
        {
            var (rank, alpha) = TargetMatcher.RankAndAlpha(t.Name, c);
            return (t, (IPeftLayer)new LoraLayer(t.Linear.InFeatures, t.Linear.OutFeatures, (int)rank, alpha, c.UseRslora, c.LoraDropout, c.InitMode, init));
        });
        return new LayerAdapterSet(c, layers);
    }

    static IReadOnlyList<TargetModule> Resolve(ILanguageModel model, LoraConfig c, string source) =>
        TargetResolver.Resolve(model, c.TargetModules!, source, "LoRA", c.LayersToTransform, c.LayersPattern);
}
