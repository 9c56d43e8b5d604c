using System.Text.Json.Nodes;
using T0Sharp.Models;
using T0Sharp.Models.Adaptation;
using T0Sharp.Models.Checkpoints;
using T0Sharp.Modular.Contract;
using static TorchSharp.torch;

namespace T0Sharp.Modular;

/// <summary>
/// A modular method attached to a model, with its tasks and settings: created from a training config's
/// <c>modular:</c> section (<see cref="Create"/>) or from a saved folder (<see cref="Load"/>), saved as
/// <see cref="ModularFolder"/> describes, and able to say what each inference example carries
/// (<see cref="ConditioningFor"/>). The base model is frozen by the caller (<c>AdaptationPoints.FreezeBase</c>).
/// </summary>
public sealed class ModularModel
{
    /// <summary>The name the method's module is registered under on the model (state-dict keys <c>modular.*</c>).</summary>
    public const string ModuleName = "modular";

    ModularModel(ILanguageModel model, IModularMethod method, JsonObject hyperparameters, TaskTable tasks, Func<string, IReadOnlyList<int>>? tokenize)
    {
        (Model, Method, Hyperparameters, Tasks, _tokenize) = (model, method, hyperparameters, tasks, tokenize);
    }

    readonly Func<string, IReadOnlyList<int>>? _tokenize;

    public ILanguageModel Model { get; }
    public IModularMethod Method { get; }
    public JsonObject Hyperparameters { get; }
    public TaskTable Tasks { get; }

    public string Description => $"modular {Method.Name}: {Method.Description}; conditions on {string.Join(", ", ConditioningKindNames.ToNames(Method.ConditionsOn).DefaultIfEmpty("nothing"))}; {Tasks.Count} training task(s)";

    /// <summary>
    /// Attaches the method <paramref name="section"/> names (<c>method:</c> plus its settings) to <paramref name="model"/>,
    /// initialised from <paramref name="seed"/>. Errors are <see cref="InvalidDataException"/>s naming the setting.
    /// </summary>
    public static ModularModel Create(ILanguageModel model, JsonObject section, ModularRegistry registry, TaskTable tasks, long seed,
        Func<string, IReadOnlyList<int>>? tokenize = null, string? baseDir = null, Func<string, string>? sourceOf = null)
    {
        var settings = new ModularSettings(section, sourceOf);
        var name = section["method"] is JsonValue v && v.TryGetValue<string>(out var s) ? s
            : throw settings.Error("method", "required: the method's name (" + string.Join(", ", registry.All.Select(f => f.Name)) + ")");
        var factory = registry.Get(name, settings.SourceOf("method") + ": modular.method");
        var method = factory.Create(new ModularContext(model, tasks, seed, true, tokenize, baseDir), settings);
        settings.CheckAllRead(name, ["method"]);
        return new ModularModel(model, method, settings.Resolved, tasks, tokenize);
    }

    /// <summary>Attaches the method saved in <paramref name="dir"/> to <paramref name="model"/> and loads its weights bit-exactly.</summary>
    public static ModularModel Load(ILanguageModel model, string dir, ModularRegistry registry, Func<string, IReadOnlyList<int>>? tokenize = null)
    {
        var config = ModularFolder.ReadConfig(dir);
        var where = Path.Combine(dir, ModularFolder.ConfigFile);
        CheckBase(config.BaseModel, model, where);
        var settings = new ModularSettings(config.Hyperparameters, _ => where + ": hyperparameters");
        var method = registry.Get(config.Method, where + ": \"method\"")
            .Create(new ModularContext(model, config.Tasks, 0, Initialise: false, tokenize, dir), settings);
        settings.CheckAllRead(config.Method);
        var loaded = new ModularModel(model, method, settings.Resolved, config.Tasks, tokenize);
        loaded.LoadWeights(dir);
        return loaded;
    }

    /// <summary>Writes modular_config.json and modular_model.safetensors into <paramref name="dir"/> (created if needed).</summary>
    public void Save(string dir)
    {
        Directory.CreateDirectory(dir);
        using (var scope = NewDisposeScope())
            SafetensorsWriter.Write(Path.Combine(dir, ModularFolder.WeightsFile), State().Select(t => (t.Name, t.Tensor.detach().cpu())).ToList());
        ModularFolder.WriteConfig(dir, new ModularFolder.Config(Method.Name, Method.ConditionsOn, BaseModel(Model), Hyperparameters, Tasks));
    }

    /// <summary>Overwrites the method's tensors from <paramref name="dir"/>'s weights file; keys and shapes must match exactly.</summary>
    public void LoadWeights(string dir)
    {
        var path = Path.Combine(dir, ModularFolder.WeightsFile);
        if (!File.Exists(path)) throw new FileNotFoundException($"{dir}: no {ModularFolder.WeightsFile}", path);
        using var checkpoint = CheckpointReader.Open(path);
        var state = State();
        var expected = state.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var missing = expected.Except(checkpoint.Names).Order(StringComparer.Ordinal).ToList();
        var extra = checkpoint.Names.Except(expected).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0) throw new InvalidDataException($"{path}: missing tensor(s) {string.Join(", ", missing.Take(3))} that {ModularFolder.ConfigFile} implies");
        if (extra.Count > 0) throw new InvalidDataException($"{path}: tensor(s) {string.Join(", ", extra.Take(3))} that {ModularFolder.ConfigFile} does not explain");
        using var _ = no_grad();
        foreach (var (name, t) in state)
        {
            var info = checkpoint.Info(name);
            if (!info.Shape.SequenceEqual(t.shape))
                throw new InvalidDataException($"{path}: tensor '{name}' has shape [{string.Join(", ", info.Shape)}] but the method needs [{string.Join(", ", t.shape)}]");
            using var value = checkpoint.Load(name, t.device, t.dtype);
            t.copy_(value.to(t.dtype));
        }
    }

    /// <summary>Every parameter and buffer of the method's module, by name relative to it.</summary>
    public IReadOnlyList<(string Name, Tensor Tensor)> State() =>
        Method.Module.named_parameters().Select(p => (p.name, (Tensor)p.parameter))
            .Concat(Method.Module.named_buffers().Select(b => (b.name, b.buffer))).ToList();

    /// <summary>Parameters that train (requires_grad), by name relative to the module.</summary>
    public long TrainableCount => Method.Module.parameters().Where(p => p.requires_grad).Sum(p => p.numel());

    /// <summary>
    /// What one inference example carries for this method: the task id of <paramref name="taskName"/> (-1 when the method
    /// was not trained on it) and, when the method conditions on instructions, the instruction: the training table's for
    /// a known task, else <paramref name="instruction"/> tokenized (evaluation infers it from the template's rendered
    /// inputs, <see cref="InstructionText"/>). Null when the method conditions on nothing.
    /// </summary>
    public ExampleConditioning? ConditioningFor(string? taskName, string? instruction)
    {
        if (Method.ConditionsOn == ConditioningKinds.None) return null;
        var id = Tasks.IdOf(taskName);
        IReadOnlyList<int>? ids = null;
        if (Method.ConditionsOn.HasFlag(ConditioningKinds.Instruction))
            ids = id >= 0 ? Tasks.Tasks[id].InstructionIds
                : string.IsNullOrEmpty(instruction) ? []
                : (_tokenize ?? throw new InvalidOperationException("the modular method conditions on instructions: load it with a tokenizer"))(instruction);
        return new ExampleConditioning(TaskId: id, InstructionIds: ids);
    }

    static JsonObject BaseModel(ILanguageModel model)
    {
        var d = ModelDims.Of(model);
        return new JsonObject { ["model_type"] = d.ModelType, ["d_model"] = d.DModel, ["encoder_layers"] = d.EncoderLayers, ["decoder_layers"] = d.DecoderLayers };
    }

    static void CheckBase(JsonObject saved, ILanguageModel model, string where)
    {
        var now = BaseModel(model);
        foreach (var (key, value) in saved)
            if (now[key]?.ToJsonString() is { } have && value?.ToJsonString() != have)
                throw new InvalidDataException($"{where}: the method was trained on a base model with {key} {value?.ToJsonString()}; --model has {have}");
    }
}
