using System.Text.Json.Nodes;
using T0Sharp.Models;

namespace T0Sharp.Peft.Config;

/// <summary>
/// Bottleneck adapters (peft_type BOTTLENECK, a T0Sharp type: PEFT has no such method). Each target projection's output
/// y becomes y + up(f(down(y))) — down-projection d → d / <see cref="ReductionFactor"/>, the nonlinearity
/// <see cref="NonLinearity"/>, up-projection back to d, the residual inside the adapter — before the model's dropout
/// and residual add. <see cref="Placement"/> picks the default targets: <c>houlsby</c> after the self-attention
/// output and after the feed-forward output (Houlsby et al. 2019), <c>pfeiffer</c> after the feed-forward output only
/// (Pfeiffer et al. 2020); <c>target_modules</c> overrides them.
/// </summary>
public sealed record BottleneckConfig : PeftConfig, ILayerAdapterConfig
{
    public override string PeftType => "BOTTLENECK";
    public override bool IsPromptLearning => false;

    public string Placement { get; init; } = "houlsby";
    public TargetSpec? TargetModules { get; init; }
    public IReadOnlyList<string>? ModulesToSave { get; init; }
    public int ReductionFactor { get; init; } = 16;
    public string NonLinearity { get; init; } = "relu";

    /// <summary>
    /// <c>true</c>: down kaiming-uniform (torch Linear's default), up and both biases zero — the adapter is an exact
    /// identity at init; <c>"houlsby"</c>: both weights N(0, 10⁻²), biases zero — near identity, as Houlsby et al.;
    /// <c>false</c>: both projections as torch's Linear initialises them (weights and biases), not an identity.
    /// </summary>
    public string InitWeights { get; init; } = "true";

    internal static BottleneckConfig Read(ConfigReader r) => new()
    {
        Placement = r.String("placement", "houlsby")!,
        TargetModules = r.Targets("target_modules"),
        ModulesToSave = r.StringList("modules_to_save"),
        ReductionFactor = r.Int("reduction_factor", 16),
        NonLinearity = r.String("non_linearity", "relu")!,
        InitWeights = InitMode(r.BoolOrWord("init_weights", true, "houlsby")),
    };

    internal static string InitMode(JsonNode node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s
        : ConfigReader.IsNullOrFalse(node) ? "false" : "true";

    public override void Validate(string source)
    {
        AdapterFields.Validate(source, Placement, ReductionFactor, NonLinearity);
    }

    protected override void WriteFields(JsonObject o)
    {
        o["placement"] = Placement;
        o["target_modules"] = TargetModules?.ToJson();
        o["modules_to_save"] = Names(ModulesToSave);
        o["reduction_factor"] = ReductionFactor;
        o["non_linearity"] = NonLinearity;
        o["init_weights"] = InitWeights is "houlsby" ? JsonValue.Create(InitWeights) : JsonValue.Create(InitWeights == "true");
    }
}

/// <summary>Checks shared by the bottleneck-shaped methods (bottleneck adapters, Compacter).</summary>
internal static class AdapterFields
{
    /// <summary>The placements: houlsby (after attention and feed-forward), pfeiffer (after feed-forward only).</summary>
    public static IReadOnlyList<string> Placements { get; } = ["houlsby", "pfeiffer"];

    public static void Validate(string source, string placement, int reductionFactor, string nonLinearity)
    {
        if (!Placements.Contains(placement))
            throw new InvalidDataException($"{source}: \"placement\" is \"{placement}\": use \"houlsby\" (after the attention output and the " +
                "feed-forward output) or \"pfeiffer\" (after the feed-forward output only)");
        if (reductionFactor <= 0)
            throw new InvalidDataException($"{source}: \"reduction_factor\" is {reductionFactor}: must be positive");
        if (!Activations.IsKnown(nonLinearity))
            throw new InvalidDataException($"{source}: \"non_linearity\" is \"{nonLinearity}\": use one of {string.Join(", ", Activations.Names)}");
    }
}
