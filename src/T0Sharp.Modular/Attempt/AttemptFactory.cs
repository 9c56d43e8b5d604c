using System.Text.Json.Nodes;
using T0Sharp.Models.Checkpoints;
using T0Sharp.Modular.Contract;
using T0Sharp.Peft.Checkpoints;
using static TorchSharp.torch;

namespace T0Sharp.Modular.Attempt;

/// <summary>
/// <c>method: attempt</c>. Settings: <c>prompt_length</c> (P, default 10, or the loaded prompts' length),
/// <c>num_source_prompts</c> (fresh trainable source prompts, default 4 without <c>source_prompt_dirs</c>, else 0),
/// <c>source_prompt_dirs</c> (PEFT prompt-tuning folders whose prompts join as frozen sources), <c>target_prompt</c>
/// (<c>shared</c>: one for every task, default; <c>per_task</c>: one per training task, unknown tasks get their mean),
/// <c>attention_dim</c> (W_down's width, default 100 as the reference), <c>temperature</c> (default d·e),
/// <c>init</c> (<c>vocab</c>: rows of sampled vocabulary embeddings, default; <c>random</c>: N(0, 1)).
/// </summary>
public sealed class AttemptFactory : IModularMethodFactory
{
    public string Name => "attempt";
    public string Summary => "ATTEMPT (Asai et al. 2022): attention over source prompts and a target prompt, keyed by the max-pooled input";

    public IModularMethod Create(ModularContext ctx, ModularSettings s)
    {
        var dims = ModelDims.Of(ctx.Model);
        var dirs = s.Strings("source_prompt_dirs");
        Tensor? loaded = null;
        if (dirs.Count > 0 && ctx.Initialise) loaded = LoadSources(dirs.Select(ctx.Resolve).ToList(), dims.DModel, s);
        var length = s.Int("prompt_length", loaded is null ? 10 : (int)loaded.shape[1], min: 1);
        if (loaded is not null && loaded.shape[1] != length)
            throw s.Error("prompt_length", $"is {length} but the prompts in source_prompt_dirs have {loaded.shape[1]} virtual tokens");
        if (dirs.Count > 0 && !ctx.Initialise) loaded = zeros(dirs.Count, length, dims.DModel); // values come from the saved folder
        var fresh = s.Int("num_source_prompts", dirs.Count == 0 ? 4 : 0, min: 0);
        if (fresh + dirs.Count == 0) throw s.Error("num_source_prompts", "ATTEMPT needs at least one source prompt (num_source_prompts or source_prompt_dirs)");
        var perTask = s.String("target_prompt", "shared", "shared", "per_task") == "per_task";
        if (perTask && ctx.Tasks.Count == 0) throw s.Error("target_prompt", "per_task needs the run's task names (a mixture or rendered files with \"task\")");
        var hidden = s.Int("attention_dim", 100, min: 1);
        var temperature = s.Double("temperature", dims.DModel * Math.E);
        if (temperature <= 0) throw s.Error("temperature", "must be positive");
        var init = s.String("init", "vocab", "vocab", "random");

        using var g = ctx.NewGenerator();
        Tensor Prompts(long n) => init == "vocab" && ctx.Initialise
            ? ParameterInit.FromVocabulary(ctx.Model, n * length, g).reshape(n, length, dims.DModel)
            : ParameterInit.Normal([n, length, dims.DModel], 1.0, g);
        var targets = Prompts(perTask ? ctx.Tasks.Count : 1);
        var sources = fresh > 0 ? Prompts(fresh) : null;
        var down = ParameterInit.LinearWeight(hidden, dims.DModel, g);
        var up = ParameterInit.LinearWeight(dims.DModel, hidden, g);
        var module = new AttemptModule(sources, loaded, targets, down, up, perTask, temperature, ctx.Model.Device);
        ctx.Model.Adaptation.RegisterModule(ModularModel.ModuleName, module);
        ctx.Model.Adaptation.AddPromptProvider(module);
        return new AttemptMethod(module, perTask, fresh, dirs.Count, length, hidden);
    }

    /// <summary>The first num_virtual_tokens rows of each folder's prompt_embeddings, stacked: (J, P, d).</summary>
    static Tensor LoadSources(IReadOnlyList<string> dirs, int d, ModularSettings s)
    {
        var prompts = new List<Tensor>();
        foreach (var dir in dirs)
        {
            var configPath = Path.Combine(dir, "adapter_config.json");
            if (!File.Exists(configPath)) throw s.Error("source_prompt_dirs", $"{dir}: no adapter_config.json (a PEFT prompt-tuning folder is expected)");
            var config = JsonNode.Parse(File.ReadAllText(configPath));
            if (config?["peft_type"]?.GetValue<string>() != "PROMPT_TUNING")
                throw s.Error("source_prompt_dirs", $"{dir}: peft_type is {config?["peft_type"]?.ToJsonString() ?? "missing"}, not PROMPT_TUNING");
            var n = config?["num_virtual_tokens"]?.GetValue<int>() ?? throw s.Error("source_prompt_dirs", $"{configPath}: num_virtual_tokens is missing");
            using var checkpoint = CheckpointReader.Open(AdapterCheckpoint.WeightsPath(dir));
            using var table = checkpoint.Load("prompt_embeddings");
            if (table.shape[1] != d) throw s.Error("source_prompt_dirs", $"{dir}: prompts are {table.shape[1]} wide; the model's embeddings are {d}");
            if (prompts.Count > 0 && prompts[0].shape[0] != n) throw s.Error("source_prompt_dirs", $"{dir}: {n} virtual tokens, but {dirs[0]} has {prompts[0].shape[0]}");
            prompts.Add(table.narrow(0, 0, n).to(ScalarType.Float32).clone());
        }
        return stack(prompts.ToArray(), 0);
    }
}

internal sealed class AttemptMethod(AttemptModule module, bool perTask, int fresh, int loaded, int length, int hidden) : IModularMethod
{
    public string Name => "attempt";
    public ConditioningKinds ConditionsOn => perTask ? ConditioningKinds.TaskId : ConditioningKinds.None;
    public TorchSharp.torch.nn.Module Module => module;
    public string Description =>
        $"{fresh} trained + {loaded} loaded source prompts, {(perTask ? "per-task" : "shared")} target prompt, {length} tokens, attention {hidden} wide, T = {module.Temperature:0.###}";
}
