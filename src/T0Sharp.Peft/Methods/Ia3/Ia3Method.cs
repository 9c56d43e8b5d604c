using T0Sharp.Models;
using T0Sharp.Peft.Config;
using T0Sharp.Peft.Targeting;

namespace T0Sharp.Peft.Methods.Ia3;

/// <summary>
/// Applies an <see cref="Ia3Config"/>: PEFT's default targets and feed-forward modules per architecture, one
/// <see cref="Ia3Layer"/> per target, feed-forward targets (PEFT's suffix match, no dot boundary) scaling their input.
/// </summary>
public sealed class Ia3Method : IPeftInjector
{
    public PeftConfig Complete(PeftConfig config, ILanguageModel model, string source)
    {
        var c = ModelKinds.WithTaskType((Ia3Config)config, model, source);
        var type = model.Config.ModelType;
        if (c.TargetModules is null)
            c = c with { TargetModules = TargetSpec.FromNames(DefaultTargets.Require("IA3", type, source, "target_modules")) };
        if (c.FeedforwardModules is null)
            c = c with { FeedforwardModules = TargetSpec.FromNames(DefaultTargets.Require("IA3_FEEDFORWARD", type, source, "feedforward_modules")) };
        if (c.FanInFanOut)
            c = c with
            {
                FanInFanOut = false,
                Notes = [.. c.Notes, $"{source}: \"fan_in_fan_out\" set to false: the targets store weights (out, in) as torch's Linear, as PEFT does"],
            };
        c.Validate(source);
        TargetResolver.Resolve(model, c.TargetModules!, source, "(IA)^3");
        return c;
    }

    public AppliedAdapter Inject(ILanguageModel model, PeftConfig config, InitContext init, string source)
    {
        var c = (Ia3Config)config;
        var layers = TargetResolver.Resolve(model, c.TargetModules!, source, "(IA)^3").Select(t =>
            (t, (IPeftLayer)new Ia3Layer(t.Linear.InFeatures, t.Linear.OutFeatures,
                TargetMatcher.EndsWithAny(c.FeedforwardModules!, t.Name), c.InitIa3Weights, init)));
        return new LayerAdapterSet(c, layers);
    }
}
