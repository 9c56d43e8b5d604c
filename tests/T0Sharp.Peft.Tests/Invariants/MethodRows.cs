using T0Sharp.Models;
using T0Sharp.Models.Adaptation;
using static TorchSharp.torch;

namespace T0Sharp.Peft.Tests.Invariants;

/// <summary>One (method, config) row of the invariant battery: a tiny model family and the <c>peft:</c> settings.</summary>
/// <param name="Identity">The config's initialisation makes the adapter a no-op (PEFT's defaults for LoRA, (IA)^3, Poly; bottleneck adapters' init_weights true).</param>
/// <param name="Mergeable">LoRA and (IA)^3 fold into the base weights.</param>
/// <param name="Tasks">Poly: the task id of each batch row.</param>
public sealed record MethodRow(string Name, string Family, Dictionary<string, object?> Settings, bool Identity, bool Mergeable, int[]? Tasks = null)
{
    public override string ToString() => Name;

    public ILanguageModel NewBase(long seed = 11) => Eval(PretrainedModel.Create(Family switch
    {
        "t5" => T5Config.Tiny,
        "t5-relu" => T5Config.Tiny with { FeedForwardProj = "relu", DenseActFn = "relu", IsGatedAct = false, TieWordEmbeddings = true },
        "mt5" => T5Config.Tiny with { ModelType = "mt5", NumDecoderLayers = 3 },
        _ => BloomConfig.Tiny,
    }, seed: seed));

    static ILanguageModel Eval(ILanguageModel model) { model.Module.eval(); return model; }

    public Conditioning? Conditioning(ILanguageModel model) => Tasks is null ? null : Models.Adaptation.Conditioning.ForTasks(Tasks, model.Device);

    public ExampleConditioning? Example(int row) => Tasks is null ? null : ExampleConditioning.Task(Tasks[row]);

    /// <summary>Two rows of inputs (and T5 decoder inputs), with their next-token targets.</summary>
    public (ModelBatch Batch, Tensor Targets) Batch(ILanguageModel model)
    {
        var input = tensor(new long[] { 5, 9, 17, 33, 1, 7, 21, 3, 44, 1 }, [2, 5]);
        if (!model.IsEncoderDecoder)
            return (new ModelBatch(input, Conditioning: Conditioning(model)), tensor(new long[] { 9, 17, 33, 1, 2, 21, 3, 44, 1, 2 }, [2, 5]));
        var decoder = tensor(new long[] { 0, 12, 30, 8, 0, 40, 2, 19 }, [2, 4]);
        return (new ModelBatch(input, decoder, Conditioning: Conditioning(model)), tensor(new long[] { 12, 30, 8, 1, 40, 2, 19, 1 }, [2, 4]));
    }

    public static MethodRow[] All { get; } =
    [
        new("lora default t5", "t5", S(("peft_type", "LORA"), ("r", "4"), ("lora_alpha", "8")), true, true),
        new("lora gaussian rslora patterns t5", "t5", S(("peft_type", "LORA"), ("r", "4"), ("init_lora_weights", "gaussian"), ("use_rslora", "true"),
            ("target_modules", new[] { "q", "v", "wi_0" }), ("rank_pattern", new Dictionary<string, object?> { ["wi_0"] = "2" })), true, true),
        new("lora init false lm_head saved bloom-less t5", "t5", S(("peft_type", "LORA"), ("r", "2"), ("init_lora_weights", "false"),
            ("lora_dropout", "0.1"), ("modules_to_save", new[] { "lm_head" })), false, true),
        new("lora layers block 1 t5-relu", "t5-relu", S(("peft_type", "LORA"), ("r", "2"), ("init_lora_weights", "false"),
            ("target_modules", new[] { "q", "wi" }), ("layers_to_transform", new[] { "1" }), ("layers_pattern", "block")), false, true),
        new("ia3 default t5", "t5", S(("peft_type", "IA3")), true, true),
        new("ia3 random mt5", "mt5", S(("peft_type", "IA3"), ("init_ia3_weights", "false")), false, true),
        new("ia3 t-few t5", "t5", S(("preset", "t-few"), ("init_ia3_weights", "false")), false, true),
        new("poly identity t5", "t5", S(("peft_type", "POLY"), ("r", "2"), ("n_tasks", "3"), ("n_skills", "4"), ("n_splits", "2")), true, false, [2, 0]),
        new("poly random mt5", "mt5", S(("peft_type", "POLY"), ("r", "2"), ("n_tasks", "2"), ("init_weights", "false")), false, false, [1, 0]),
        new("prompt tuning t5", "t5", S(("peft_type", "PROMPT_TUNING"), ("num_virtual_tokens", "3")), false, false),
        new("prompt tuning sample vocab t5-relu", "t5-relu", S(("peft_type", "PROMPT_TUNING"), ("num_virtual_tokens", "2"), ("prompt_tuning_init", "SAMPLE_VOCAB")), false, false),
        new("prefix tuning t5", "t5", S(("peft_type", "PREFIX_TUNING"), ("num_virtual_tokens", "3")), false, false),
        new("prefix projection encoder mt5", "mt5", S(("peft_type", "PREFIX_TUNING"), ("num_virtual_tokens", "2"), ("prefix_projection", "true"),
            ("encoder_hidden_size", "10"), ("t0sharp_encoder_prefix", "true")), false, false),
        new("lora default bloom", "bloom", S(("peft_type", "LORA"), ("r", "4")), true, true),
        new("lora random bloom mlp", "bloom", S(("peft_type", "LORA"), ("r", "2"), ("init_lora_weights", "false"),
            ("target_modules", new[] { "query_key_value", "dense_h_to_4h" })), false, true),
        new("ia3 random bloom", "bloom", S(("peft_type", "IA3"), ("init_ia3_weights", "false")), false, true),
        new("poly identity bloom", "bloom", S(("peft_type", "POLY"), ("r", "2"), ("n_tasks", "2")), true, false, [0, 1]),
        new("prompt tuning bloom", "bloom", S(("peft_type", "PROMPT_TUNING"), ("num_virtual_tokens", "3")), false, false),
        new("prefix tuning bloom", "bloom", S(("peft_type", "PREFIX_TUNING"), ("num_virtual_tokens", "2")), false, false),
        new("compacter t5", "t5", S(("peft_type", "COMPACTER"), ("reduction_factor", "4"), ("phm_c_init", "uniform")), false, false),
        new("compacter++ unshared full rank layer norms t5-relu", "t5-relu", S(("preset", "compacter++"), ("reduction_factor", "4"), ("phm_dim", "2"),
            ("shared_phm_rule", "false"), ("factorized_phm", "false"), ("phm_c_init", "uniform"), ("modules_to_save", new[] { "layer_norm" })), false, false),
        new("compacter rank 2 bloom", "bloom", S(("peft_type", "COMPACTER"), ("reduction_factor", "6"), ("phm_dim", "2"), ("phm_rank", "2"),
            ("phm_c_init", "uniform")), false, false),
        new("houlsby identity t5", "t5", S(("preset", "houlsby"), ("reduction_factor", "4")), true, false),
        new("houlsby near identity mt5", "mt5", S(("peft_type", "BOTTLENECK"), ("reduction_factor", "2"), ("init_weights", "houlsby"),
            ("non_linearity", "gelu_new")), false, false),
        new("pfeiffer identity bloom", "bloom", S(("preset", "pfeiffer"), ("reduction_factor", "4")), true, false),
        new("houlsby random bloom", "bloom", S(("peft_type", "BOTTLENECK"), ("reduction_factor", "3"), ("init_weights", "false")), false, false),
    ];

    public static IEnumerable<object[]> Data => All.Select(r => new object[] { r });

    static Dictionary<string, object?> S(params (string Key, object? Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);
}
