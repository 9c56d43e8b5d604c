using System.Text.Json.Nodes;

namespace T0Sharp.Peft.Config;

/// <summary>
/// Compacter and Compacter++ (peft_type COMPACTER, a T0Sharp type: PEFT has no such method; Karimi Mahabadi et al.
/// 2021, rabeehk/compacter). A bottleneck adapter (<see cref="BottleneckConfig"/>) whose down and up projections are
/// PHM layers: H = Σᵢ Aᵢ ⊗ Wᵢ (i = 1..<see cref="PhmDim"/>), y = x H + b, with the "slow" rules Aᵢ (n × n) shared by
/// every PHM layer of the model (<see cref="SharedPhmRule"/>) and the "fast" weights low-rank, Wᵢ = sᵢ tᵢᵀ
/// (<see cref="FactorizedPhm"/>, rank <see cref="PhmRank"/>). <c>placement: houlsby</c> is Compacter (after the
/// self-attention output and the feed-forward output), <c>placement: pfeiffer</c> is Compacter++ (feed-forward only).
/// Defaults are the paper's (rabeehk/compacter configs/compacter.json): n 4, rank 1, reduction factor 32, gelu_new,
/// shared rule ~ N(0, 10⁻⁴), W glorot-uniform.
/// </summary>
public sealed record CompacterConfig : PeftConfig, ILayerAdapterConfig
{
    public override string PeftType => "COMPACTER";
    public override bool IsPromptLearning => false;

    public string Placement { get; init; } = "houlsby";
    public TargetSpec? TargetModules { get; init; }
    public IReadOnlyList<string>? ModulesToSave { get; init; }
    public int ReductionFactor { get; init; } = 32;
    public string NonLinearity { get; init; } = "gelu_new";
    /// <summary>n: the number of Kronecker summands; features in and out of every PHM layer must divide by it.</summary>
    public int PhmDim { get; init; } = 4;
    /// <summary>Rank of the factorized fast weights Wᵢ = W_left[i] W_right[i].</summary>
    public int PhmRank { get; init; } = 1;
    /// <summary>One rule tensor A (n, n, n) for the whole model (true, Compacter) or one per PHM layer (false, PHM-Adapter).</summary>
    public bool SharedPhmRule { get; init; } = true;
    /// <summary>Wᵢ = W_left[i] (in/n, r) · W_right[i] (r, out/n) (true, Compacter) or a full Wᵢ (in/n, out/n) (false).</summary>
    public bool FactorizedPhm { get; init; } = true;
    /// <summary>How A starts: "normal" N(0, phm_init_range), "uniform" U(−1, 1).</summary>
    public string PhmCInit { get; init; } = "normal";
    public double PhmInitRange { get; init; } = 1e-4;

    /// <summary>The display name of the variant: Compacter (houlsby placement) or Compacter++ (pfeiffer).</summary>
    public string Variant => Placement == "pfeiffer" ? "Compacter++" : "Compacter";

    internal static CompacterConfig Read(ConfigReader r) => new()
    {
        Placement = r.String("placement", "houlsby")!,
        TargetModules = r.Targets("target_modules"),
        ModulesToSave = r.StringList("modules_to_save"),
        ReductionFactor = r.Int("reduction_factor", 32),
        NonLinearity = r.String("non_linearity", "gelu_new")!,
        PhmDim = r.Int("phm_dim", 4),
        PhmRank = r.Int("phm_rank", 1),
        SharedPhmRule = r.Bool("shared_phm_rule", true),
        FactorizedPhm = r.Bool("factorized_phm", true),
        PhmCInit = r.String("phm_c_init", "normal")!,
        PhmInitRange = r.Double("phm_init_range", 1e-4),
    };

    public override void Validate(string source)
    {
        AdapterFields.Validate(source, Placement, ReductionFactor, NonLinearity);
        Require(PhmDim > 0, source, "phm_dim", $"is {PhmDim}: must be positive");
        Require(PhmRank > 0, source, "phm_rank", $"is {PhmRank}: must be positive");
        Require(PhmCInit is "normal" or "uniform", source, "phm_c_init", $"is \"{PhmCInit}\": use \"normal\" or \"uniform\"");
        Require(PhmInitRange > 0, source, "phm_init_range", $"is {PhmInitRange}: must be positive");
    }

    protected override void WriteFields(JsonObject o)
    {
        o["placement"] = Placement;
        o["target_modules"] = TargetModules?.ToJson();
        o["modules_to_save"] = Names(ModulesToSave);
        o["reduction_factor"] = ReductionFactor;
        o["non_linearity"] = NonLinearity;
        o["phm_dim"] = PhmDim;
        o["phm_rank"] = PhmRank;
        o["shared_phm_rule"] = SharedPhmRule;
        o["factorized_phm"] = FactorizedPhm;
        o["phm_c_init"] = PhmCInit;
        o["phm_init_range"] = PhmInitRange;
    }
}
