using System.Text.Json.Nodes;

namespace T0Sharp.Modular.Contract;

/// <summary>One training task of a modular method: its name (task id = its index) and its instruction text and tokens.</summary>
public sealed record TaskEntry(string Name, string Instruction, IReadOnlyList<int> InstructionIds);

/// <summary>
/// The tasks a modular method was trained on, in task-id order (the training mixture's order), each with its instruction
/// (<see cref="InstructionText"/>) and that instruction's token ids (the model's tokenizer, no special tokens added
/// beyond what the tokenizer adds). Saved in modular_config.json under <c>"tasks"</c>; evaluation maps task names to ids
/// through it and treats every other task as unknown (id -1).
/// </summary>
public sealed class TaskTable
{
    readonly Dictionary<string, int> _index;

    public TaskTable(IReadOnlyList<TaskEntry> tasks)
    {
        Tasks = tasks;
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < tasks.Count; i++)
            if (!_index.TryAdd(tasks[i].Name, i)) throw new ArgumentException($"task name \"{tasks[i].Name}\" is given twice");
    }

    public static TaskTable Empty { get; } = new([]);

    public IReadOnlyList<TaskEntry> Tasks { get; }
    public int Count => Tasks.Count;

    /// <summary>The task id of <paramref name="name"/>, or -1 when the method was not trained on it.</summary>
    public int IdOf(string? name) => name is not null && _index.TryGetValue(name, out var i) ? i : -1;

    /// <summary>
    /// Builds the table from task names and, per name, some rendered inputs of that task (instruction inferred from
    /// them; a task without inputs gets an empty instruction).
    /// </summary>
    public static TaskTable Build(IReadOnlyList<string> names, Func<string, IEnumerable<string>> renderedInputs, Func<string, IReadOnlyList<int>>? tokenize)
    {
        var entries = names.Select(n =>
        {
            var instruction = InstructionText.Infer(renderedInputs(n));
            return new TaskEntry(n, instruction, instruction.Length == 0 || tokenize is null ? [] : tokenize(instruction));
        }).ToList();
        return new TaskTable(entries);
    }

    public JsonArray ToJson() => new(Tasks.Select(t => (JsonNode)new JsonObject
    {
        ["name"] = t.Name,
        ["instruction"] = t.Instruction,
        ["instruction_ids"] = new JsonArray(t.InstructionIds.Select(i => (JsonNode)JsonValue.Create(i)).ToArray()),
    }).ToArray());

    public static TaskTable FromJson(JsonNode? node, string source)
    {
        if (node is null) return Empty;
        if (node is not JsonArray arr) throw new InvalidDataException($"{source}: \"tasks\" must be a list");
        var entries = arr.Select((n, i) =>
        {
            var where = $"{source}: tasks[{i}]";
            if (n is not JsonObject o || o["name"]?.GetValue<string>() is not { } name)
                throw new InvalidDataException($"{where}: expected {{\"name\": ..., \"instruction\": ..., \"instruction_ids\": [...]}}");
            var ids = o["instruction_ids"] is JsonArray a ? a.Select(x => x!.GetValue<int>()).ToList() : [];
            return new TaskEntry(name, o["instruction"]?.GetValue<string>() ?? "", ids);
        }).ToList();
        try { return new TaskTable(entries); }
        catch (ArgumentException e) { throw new InvalidDataException($"{source}: {e.Message}"); }
    }
}
