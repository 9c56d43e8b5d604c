using System.Text.Json.Nodes;

namespace T0Sharp.Peft.Config;

/// <summary>
/// PEFT's <c>PolyConfig</c> (peft_type POLY): per target, <see cref="NSkills"/> LoRA skills of rank <see cref="R"/>
/// split into <see cref="NSplits"/> heads (Poly-S / MHR when above 1), mixed per task by a learned router over
/// <see cref="NTasks"/> tasks. Every forward call needs task ids (the call's <c>Conditioning.TaskIds</c>) unless the
/// model averages the skills (Poly-μ, <see cref="Methods.Poly.PolyAverage"/>).
/// </summary>
public sealed record PolyConfig : PeftConfig, ILayerAdapterConfig
{
    public override string PeftType => "POLY";
    public override bool IsPromptLearning => false;

    public int R { get; init; } = 8;
    public TargetSpec? TargetModules { get; init; }
    public IReadOnlyList<string>? ModulesToSave { get; init; }
    /// <summary>true: B starts at zero (identity); false: B kaiming-uniform like A (PEFT's two options).</summary>
    public bool InitWeights { get; init; } = true;
    public string PolyType { get; init; } = "poly";
    public int NTasks { get; init; } = 1;
    public int NSkills { get; init; } = 4;
    public int NSplits { get; init; } = 1;

    internal static PolyConfig Read(ConfigReader r) => new()
    {
        R = r.Int("r", 8),
        TargetModules = r.Targets("target_modules"),
        ModulesToSave = r.StringList("modules_to_save"),
        InitWeights = r.Bool("init_weights", true),
        PolyType = r.String("poly_type", "poly")!,
        NTasks = r.Int("n_tasks", 1),
        NSkills = r.Int("n_skills", 4),
        NSplits = r.Int("n_splits", 1),
    };

    public override void Validate(string source)
    {
        Require(R > 0, source, "r", $"is {R}: the rank must be positive");
        Require(PolyType == "poly", source, "poly_type", $"is \"{PolyType}\": PEFT (and T0Sharp) support only \"poly\"");
        Require(NTasks > 0, source, "n_tasks", $"is {NTasks}: must be positive");
        Require(NSkills > 0, source, "n_skills", $"is {NSkills}: must be positive");
        Require(NSplits > 0, source, "n_splits", $"is {NSplits}: must be positive");
    }

    protected override void WriteFields(JsonObject o)
    {
        o["r"] = R;
        o["target_modules"] = TargetModules?.ToJson();
        o["modules_to_save"] = Names(ModulesToSave);
        o["init_weights"] = InitWeights;
        o["poly_type"] = PolyType;
        o["n_tasks"] = NTasks;
        o["n_skills"] = NSkills;
        o["n_splits"] = NSplits;
    }
}
