using System.Text.Json.Nodes;

namespace T0Sharp.Peft.Config;

/// <summary>
/// PEFT's <c>IA3Config</c> (peft_type IA3): a learned vector scales a module's output, or, for modules matched by
/// <see cref="FeedforwardModules"/>, its input (PEFT's semantics). t-few's exact variant (l_ff on wi_1's output) is the
/// plain config <c>target_modules: [k, v, wi_1], feedforward_modules: []</c>, which PEFT also loads; the training
/// section's <c>preset: t-few</c> (<see cref="Presets"/>) spells it.
/// </summary>
public sealed record Ia3Config : PeftConfig, ILayerAdapterConfig
{
    public override string PeftType => "IA3";
    public override bool IsPromptLearning => false;

    public TargetSpec? TargetModules { get; init; }
    /// <summary>Which targets scale their input (a subset of the targets); null means the architecture's default.</summary>
    public TargetSpec? FeedforwardModules { get; init; }
    public bool FanInFanOut { get; init; }
    public IReadOnlyList<string>? ModulesToSave { get; init; }
    /// <summary>true: every vector starts at 1 (the adapter is an identity); false: N(0, 1) as PEFT draws it.</summary>
    public bool InitIa3Weights { get; init; } = true;

    internal static Ia3Config Read(ConfigReader r) => new()
    {
        TargetModules = r.Targets("target_modules"),
        FeedforwardModules = r.Targets("feedforward_modules"),
        FanInFanOut = r.Bool("fan_in_fan_out", false),
        ModulesToSave = r.StringList("modules_to_save"),
        InitIa3Weights = r.Bool("init_ia3_weights", true),
    };

    public override void Validate(string source)
    {
        if (TargetModules is { Names: { } targets } && FeedforwardModules is { Names: { } ff })
            Require(ff.All(targets.Contains), source, "feedforward_modules",
                $"[{string.Join(", ", ff)}] must be a subset of target_modules [{string.Join(", ", targets)}], as PEFT requires");
    }

    protected override void WriteFields(JsonObject o)
    {
        o["target_modules"] = TargetModules?.ToJson();
        o["feedforward_modules"] = FeedforwardModules?.ToJson();
        o["fan_in_fan_out"] = FanInFanOut;
        o["modules_to_save"] = Names(ModulesToSave);
        o["init_ia3_weights"] = InitIa3Weights;
    }
}
