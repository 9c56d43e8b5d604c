using System.Text.Json;
using System.Text.Json.Nodes;

namespace T0Sharp.Peft.Config;

/// <summary>
/// PEFT's <c>LoraConfig</c> (peft_type LORA): W x + B A dropout(x) · scale with scale = lora_alpha / r (or / √r with
/// use_rslora). <see cref="InitLoraWeights"/> is PEFT's <c>init_lora_weights</c>: true (A kaiming-uniform, B zero),
/// "gaussian" (A ~ N(0, 1/r) as PEFT draws it, B zero) or false (both as torch's Linear: not an identity).
/// Unsupported by T0Sharp and refused when set: bias other than "none", use_dora, LoftQ, megatron.
/// </summary>
public sealed record LoraConfig : PeftConfig, ILayerAdapterConfig
{
    public override string PeftType => "LORA";
    public override bool IsPromptLearning => false;

    public int R { get; init; } = 8;
    public TargetSpec? TargetModules { get; init; }
    public double LoraAlpha { get; init; } = 8;
    public double LoraDropout { get; init; }
    public bool FanInFanOut { get; init; }
    public string Bias { get; init; } = "none";
    public bool UseRslora { get; init; }
    public IReadOnlyList<string>? ModulesToSave { get; init; }
    /// <summary>true, false or "gaussian" (PEFT's "loftq" is refused).</summary>
    public JsonNode InitLoraWeights { get; init; } = JsonValue.Create(true);
    public LayerSelection? LayersToTransform { get; init; }
    public LayersPattern? LayersPattern { get; init; }
    /// <summary>Module-name pattern → rank (matched as <c>re.match(".*\.{pattern}$", name)</c>), in file order.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> RankPattern { get; init; } = [];
    public IReadOnlyList<KeyValuePair<string, double>> AlphaPattern { get; init; } = [];
    public JsonNode? MegatronConfig { get; init; }
    public string? MegatronCore { get; init; } = "megatron.core";
    public JsonNode LoftqConfig { get; init; } = new JsonObject();
    public bool UseDora { get; init; }

    /// <summary>"true", "false" or "gaussian".</summary>
    public string InitMode => InitLoraWeights is JsonValue v && v.GetValueKind() == JsonValueKind.String
        ? v.GetValue<string>() : ConfigReader.IsNullOrFalse(InitLoraWeights) ? "false" : "true";

    internal static LoraConfig Read(ConfigReader r) => new()
    {
        R = r.Int("r", 8),
        TargetModules = r.Targets("target_modules"),
        LoraAlpha = r.Double("lora_alpha", 8),
        LoraDropout = r.Double("lora_dropout", 0),
        FanInFanOut = r.Bool("fan_in_fan_out", false),
        Bias = r.String("bias", "none")!,
        UseRslora = r.Bool("use_rslora", false),
        ModulesToSave = r.StringList("modules_to_save"),
        InitLoraWeights = r.BoolOrWord("init_lora_weights", true, "gaussian", "loftq"),
        LayersToTransform = LayerFields.ReadLayers(r),
        LayersPattern = LayerFields.ReadPattern(r),
        RankPattern = r.NumberMap("rank_pattern"),
        AlphaPattern = r.NumberMap("alpha_pattern"),
        MegatronConfig = r.Raw("megatron_config"),
        MegatronCore = r.String("megatron_core", "megatron.core"),
        LoftqConfig = r.Raw("loftq_config") ?? new JsonObject(),
        UseDora = r.Bool("use_dora", false),
    };

    public override void Validate(string source)
    {
        Require(R > 0, source, "r", $"is {R}: the rank must be positive");
        foreach (var (k, v) in RankPattern)
            Require(v >= 1 && v == Math.Floor(v), source, "rank_pattern", $"gives \"{k}\" rank {v}: ranks are positive integers");
        Require(LoraDropout is >= 0 and < 1, source, "lora_dropout", $"is {LoraDropout}: must be in [0, 1)");
        Require(Bias == "none", source, "bias", $"is \"{Bias}\": T0Sharp trains LoRA with bias \"none\" only " +
            "(PEFT's \"all\" would also train T5's relative_attention_bias, whose name contains \"bias\")");
        Require(!UseDora, source, "use_dora", "is true: DoRA is not supported by T0Sharp");
        Require(InitMode != "loftq", source, "init_lora_weights", "is \"loftq\": LoftQ initialisation (for quantized bases) is not supported by T0Sharp");
        Require(ConfigReader.IsNullOrEmpty(MegatronConfig), source, "megatron_config", "is set: Megatron layers are not supported by T0Sharp");
        Require(!(TargetModules is { IsRegex: true } && LayersToTransform is not null), source, "layers_to_transform",
            "cannot be used when target_modules is a string (a regular expression), as in PEFT");
        Require(!(TargetModules is { IsRegex: true } && LayersPattern is not null), source, "layers_pattern",
            "cannot be used when target_modules is a string (a regular expression), as in PEFT");
    }

    protected override void WriteFields(JsonObject o)
    {
        o["r"] = R;
        o["target_modules"] = TargetModules?.ToJson();
        o["lora_alpha"] = PyNumber(LoraAlpha);
        o["lora_dropout"] = LoraDropout;
        o["fan_in_fan_out"] = FanInFanOut;
        o["bias"] = Bias;
        o["use_rslora"] = UseRslora;
        o["modules_to_save"] = Names(ModulesToSave);
        o["init_lora_weights"] = InitLoraWeights.DeepClone();
        o["layers_to_transform"] = LayersToTransform?.ToJson();
        o["layers_pattern"] = LayersPattern?.ToJson();
        o["rank_pattern"] = Map(RankPattern);
        o["alpha_pattern"] = Map(AlphaPattern);
        o["megatron_config"] = MegatronConfig?.DeepClone();
        o["megatron_core"] = MegatronCore;
        o["loftq_config"] = LoftqConfig.DeepClone();
        o["use_dora"] = UseDora;
    }

    /// <summary>An integral value as a Python int (PEFT types lora_alpha and ranks as int), otherwise a float.</summary>
    internal static JsonNode PyNumber(double v) => v == Math.Floor(v) && Math.Abs(v) < 1e15 ? JsonValue.Create((long)v) : JsonValue.Create(v);

    static JsonObject Map(IReadOnlyList<KeyValuePair<string, double>> pairs)
    {
        var o = new JsonObject();
        foreach (var (k, v) in pairs) o[k] = PyNumber(v);
        return o;
    }
}
