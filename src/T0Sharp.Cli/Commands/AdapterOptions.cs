using System.CommandLine;
using T0Sharp.Models;
using T0Sharp.Models.Adaptation;
using T0Sharp.Peft;
using T0Sharp.Peft.Config;

namespace T0Sharp.Cli.Commands;

/// <summary>
/// What <c>score</c>, <c>generate</c> and <c>eval</c> share for adapters: <c>--adapter DIR</c> (a PEFT adapter folder,
/// applied to the base model loaded once from --model) and, for Poly adapters, which task to route: <c>--task-id N</c>,
/// <c>--task NAME</c> (from the adapter's t0sharp_tasks.json) or <c>--average-skills</c> (Poly-μ).
/// </summary>
internal sealed class AdapterOptions
{
    public readonly Option<string?> Adapter = new("--adapter") { Description = "PEFT adapter folder (adapter_config.json + adapter_model.safetensors) to apply to --model" };
    public readonly Option<int?> TaskId = new("--task-id") { Description = "Poly adapters: the task id every input is routed as" };
    public readonly Option<string?> Task = new("--task") { Description = "Poly adapters: the task (a name in the adapter's t0sharp_tasks.json) every input is routed as" };
    public readonly Option<bool> AverageSkills = new("--average-skills") { Description = "Poly adapters: average the skills instead of routing by task (Poly-μ; for tasks the adapter was not trained on)" };

    public void AddTo(Command cmd)
    {
        cmd.Options.Add(Adapter);
        cmd.Options.Add(TaskId);
        cmd.Options.Add(Task);
        cmd.Options.Add(AverageSkills);
    }

    /// <summary>
    /// Applies --adapter to <paramref name="model"/> (null without one) and returns the conditioning every request
    /// carries. Notes about how the adapter is applied go to stderr. Task options without a Poly adapter are errors.
    /// </summary>
    public (PeftModel? Peft, ExampleConditioning? Conditioning) Attach(ParseResult parse, ILanguageModel model)
    {
        var dir = parse.GetValue(Adapter);
        var (taskId, task, average) = (parse.GetValue(TaskId), parse.GetValue(Task), parse.GetValue(AverageSkills));
        var routed = taskId is not null || task is not null || average;
        if (dir is null)
        {
            if (routed) throw new ArgumentException("--task-id, --task and --average-skills route a Poly adapter: give it with --adapter DIR");
            return (null, null);
        }
        if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"--adapter {dir}: no such folder");
        var peft = PeftSetup.LoadAdapter(model, dir);
        foreach (var note in peft.Notes) Console.Error.WriteLine("note: " + note);
        if (peft.Config is not PolyConfig poly)
        {
            if (routed) throw new ArgumentException($"--task-id, --task and --average-skills route Poly adapters; {dir} is {peft.Config.PeftType}");
            return (peft, null);
        }
        if (new[] { taskId is not null, task is not null, average }.Count(x => x) > 1)
            throw new ArgumentException("give one of --task-id, --task and --average-skills");
        if (!routed) return (peft, null); // every input line must then name its task (LineConditioning)
        if (average)
        {
            peft.AverageSkills = true;
            return (peft, null);
        }
        var id = taskId ?? peft.TaskId(task!) ?? throw new ArgumentException(peft.TaskNames is null
            ? $"--task {task}: {dir} has no task names ({Peft.Checkpoints.TaskNamesFile.FileName}); give --task-id N"
            : $"--task {task}: not one of the adapter's tasks ({string.Join(", ", peft.TaskNames)})");
        if (id < 0 || id >= poly.NTasks) throw new ArgumentException($"--task-id {id}: the adapter has tasks 0..{poly.NTasks - 1}");
        return (peft, ExampleConditioning.Task(id));
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
    public static string Label(ParseResult parse, AdapterOptions o, PeftModel peft) =>
        $"{Path.GetFileName(Path.GetFullPath(parse.GetValue(o.Adapter)!).TrimEnd('/'))} ({peft.MethodName}" +
        (peft.Config is PolyConfig ? peft.AverageSkills ? ", averaged skills" : $", task {parse.GetValue(o.TaskId)?.ToString() ?? parse.GetValue(o.Task)}" : "") + ")";
}
