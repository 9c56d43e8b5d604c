using System.Text.Json.Nodes;
using T0Sharp.Models.Adaptation;
using T0Sharp.Modular;
using T0Sharp.Peft;

namespace T0Sharp.Cli.Commands;

/// <summary>
/// What <c>--adapter DIR</c> attached: a PEFT adapter or a modular method (or nothing), and the conditioning every
/// request carries unless its input line says otherwise (<see cref="ForLine"/>).
/// </summary>
internal sealed class AttachedAdapter(PeftModel? peft, ModularModel? modular, ExampleConditioning? routing) : IDisposable
{
    public static AttachedAdapter None => new(null, null, null);

    public PeftModel? Peft => peft;
    public ModularModel? Modular => modular;
    public ExampleConditioning? Routing => routing;
    public bool Any => peft is not null || modular is not null;

    /// <summary>
    /// The conditioning of one input line of score/generate. PEFT: <see cref="AdapterOptions.LineConditioning"/>.
    /// Modular: the line's <c>"task"</c> (a training task name), <c>"task_id"</c> and/or <c>"instruction"</c> (text),
    /// else --task/--task-id, else an unknown task (id -1) with no instruction.
    /// </summary>
    public ExampleConditioning? ForLine(JsonObject line, string where)
    {
        if (modular is null) return AdapterOptions.LineConditioning(line, where, peft, routing);
        string? Text(string key) => line[key] is null ? null
            : line[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw new InvalidDataException($"{where}: \"{key}\" must be a string");
        var task = Text("task");
        if (line["task_id"] is { } node)
        {
            if (node is not JsonValue v || !v.TryGetValue<int>(out var id) || id < -1 || id >= modular.Tasks.Count)
                throw new InvalidDataException($"{where}: \"task_id\" must be an integer in -1..{modular.Tasks.Count - 1}");
            task = id >= 0 ? modular.Tasks.Tasks[id].Name : null;
        }
        var instruction = Text("instruction");
        if (task is null && instruction is null) return routing ?? modular.ConditioningFor(null, null);
        try { return modular.ConditioningFor(task, instruction); }
        catch (InvalidOperationException e) { throw new InvalidDataException($"{where}: {e.Message}"); }
    }

    public void Dispose() => peft?.Dispose();
}
