using System.CommandLine;
using T0Sharp.Models;
using T0Sharp.Models.Adaptation;
using T0Sharp.Peft;
using T0Sharp.Peft.Config;
using T0Sharp.Modular;

namespace T0Sharp.Cli.Commands;

/// <summary>
/// What <c>score</c>, <c>generate</c> and <c>eval</c> share for adapters: <c>--adapter DIR</c> (a PEFT adapter folder,
/// applied to the base model loaded once from --model) and, for Poly adapters, which task to route: <c>--task-id N</c>,
/// <c>--task NAME</c> (from the adapter's t0sharp_tasks.json) or <c>--average-skills</c> (Poly-μ).
/// </summary>
internal sealed class AdapterOptions
{
    public readonly Option<string?> Adapter = new("--adapter") { Description = "Adapter folder to apply to --model: PEFT (adapter_config.json + adapter_model.safetensors) or a modular method (modular_config.json + modular_model.safetensors)" };
    public readonly Option<int?> TaskId = new("--task-id") { Description = "Poly adapters and modular methods: the task id every input is routed as (modular: -1 = an unknown task)" };
    public readonly Option<string?> Task = new("--task") { Description = "Poly adapters and modular methods: the task (a name in t0sharp_tasks.json / modular_config.json) every input is routed as" };
    public readonly Option<bool> AverageSkills = new("--average-skills") { Description = "Poly adapters: average the skills instead of routing by task (Poly-μ; for tasks the adapter was not trained on)" };

    public void AddTo(Command cmd)
    {
        cmd.Options.Add(Adapter);
        cmd.Options.Add(TaskId);
        cmd.Options.Add(Task);
        cmd.Options.Add(AverageSkills);
    }

    /// <summary>
    /// Applies --adapter to <paramref name="model"/> (nothing without one): a PEFT folder (adapter_config.json) or a
    /// modular folder (modular_config.json, <see cref="ModularFolder"/>), and returns it with the conditioning every
    /// request carries. Notes about how the adapter is applied go to stderr. Task options that do not fit the adapter are errors.
    /// <paramref name="tokenize"/> turns instructions into ids for modular methods that condition on them.
    /// </summary>
    public AttachedAdapter Attach(ParseResult parse, ILanguageModel model, Func<string, IReadOnlyList<int>>? tokenize = null)
    {
        var dir = parse.GetValue(Adapter);
        var (taskId, task, average) = (parse.GetValue(TaskId), parse.GetValue(Task), parse.GetValue(AverageSkills));
        var routed = taskId is not null || task is not null || average;
        if (dir is null)
        {
            if (routed) throw new ArgumentException("--task-id, --task and --average-skills route a Poly adapter: give it with --adapter DIR (--task-id and --task also route a modular method)");
            return AttachedAdapter.None;
        }
        if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"--adapter {dir}: no such folder");
        if (ModularFolder.IsModular(dir)) return AttachModular(dir, model, tokenize, taskId, task, average);
        var peft = PeftSetup.LoadAdapter(model, dir);
        foreach (var note in peft.Notes) Console.Error.WriteLine("note: " + note);
        if (peft.Config is not PolyConfig poly)
        {
            if (routed) throw new ArgumentException($"--task-id, --task and --average-skills route Poly adapters; {dir} is {peft.Config.PeftType}");
            return new AttachedAdapter(peft, null, null);
        }
        if (new[] { taskId is not null, task is not null, average }.Count(x => x) > 1)
            throw new ArgumentException("give one of --task-id, --task and --average-skills");
        if (!routed) return new AttachedAdapter(peft, null, null); // every input line must then name its task (LineConditioning)
        if (average)
        {
            peft.AverageSkills = true;
            return new AttachedAdapter(peft, null, null);
        }
        var id = taskId ?? peft.TaskId(task!) ?? throw new ArgumentException(peft.TaskNames is null
            ? $"--task {task}: {dir} has no task names ({Peft.Checkpoints.TaskNamesFile.FileName}); give --task-id N"
            : $"--task {task}: not one of the adapter's tasks ({string.Join(", ", peft.TaskNames)})");
        if (id < 0 || id >= poly.NTasks) throw new ArgumentException($"--task-id {id}: the adapter has tasks 0..{poly.NTasks - 1}");
        return new AttachedAdapter(peft, null, ExampleConditioning.Task(id));
    }

    static AttachedAdapter AttachModular(string dir, ILanguageModel model, Func<string, IReadOnlyList<int>>? tokenize, int? taskId, string? task, bool average)
    {
        if (average) throw new ArgumentException($"--average-skills averages Poly skills; {dir} is a modular method (unknown tasks get its own fallback, docs/modular.md)");
        if (taskId is not null && task is not null) throw new ArgumentException("give one of --task-id and --task");
        ModularModel modular;
        try { modular = ModularModel.Load(model, dir, ModularRegistry.CreateDefault(), tokenize); }
        catch (InvalidDataException e) { throw new ArgumentException($"--adapter {dir}: {e.Message}"); }
        if (taskId is { } id && (id < -1 || id >= modular.Tasks.Count))
            throw new ArgumentException($"--task-id {id}: the method has tasks 0..{modular.Tasks.Count - 1} (-1: unknown task)");
        var name = taskId is { } n && n >= 0 ? modular.Tasks.Tasks[n].Name : task;
        var routing = taskId is null && task is null ? null : modular.ConditioningFor(name, null);
        return new AttachedAdapter(null, modular, routing);
    }

    /// <summary>
    /// The conditioning of one input line of score/generate: its own <c>"task_id"</c> when it has one (Poly adapters),
    /// else <paramref name="fallback"/>. A Poly adapter with neither is an error naming the line.
    /// </summary>
    public static ExampleConditioning? LineConditioning(System.Text.Json.Nodes.JsonObject line, string where, PeftModel? peft, ExampleConditioning? fallback)
    {
        var node = line["task_id"];
        if (node is null) 
        {
            if (peft?.Config is PolyConfig p && fallback is null && !peft.AverageSkills)
                throw new ArgumentException($"{where}: --adapter is a Poly adapter over {p.NTasks} tasks: add \"task_id\": N to the line, or pass " +
                    "--task-id N, --task NAME" + (peft.TaskNames is { } names ? $" ({string.Join(", ", names)})" : "") + " or --average-skills");
            return fallback;
        }
        if (peft?.Config is not PolyConfig poly) throw new InvalidDataException($"{where}: \"task_id\" routes a Poly adapter; there is none (--adapter)");
        if (node is not System.Text.Json.Nodes.JsonValue v || !v.TryGetValue<int>(out var id) || id < 0 || id >= poly.NTasks)
            throw new InvalidDataException($"{where}: \"task_id\" must be an integer in 0..{poly.NTasks - 1}");
        return ExampleConditioning.Task(id);
    }

    /// <summary>A short label for reports: the adapter folder's name and method (and the routing).</summary>
    public static string Label(ParseResult parse, AdapterOptions o, AttachedAdapter adapter) => adapter.Modular is { } m
        ? $"{Path.GetFileName(Path.GetFullPath(parse.GetValue(o.Adapter)!).TrimEnd('/'))} (modular {m.Method.Name})"
        : Label(parse, o, adapter.Peft!);

    /// <summary>A short label for reports: the adapter folder's name and method (and the routing).</summary>
    public static string Label(ParseResult parse, AdapterOptions o, PeftModel peft) =>
        $"{Path.GetFileName(Path.GetFullPath(parse.GetValue(o.Adapter)!).TrimEnd('/'))} ({peft.MethodName}" +
        (peft.Config is PolyConfig ? peft.AverageSkills ? ", averaged skills" : $", task {parse.GetValue(o.TaskId)?.ToString() ?? parse.GetValue(o.Task)}" : "") + ")";
}
