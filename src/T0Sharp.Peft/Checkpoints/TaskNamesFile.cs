using System.Text.Json;
using System.Text.Json.Nodes;
using T0Sharp.Core;

namespace T0Sharp.Peft.Checkpoints;

/// <summary>
/// T0Sharp's <c>t0sharp_tasks.json</c> beside an adapter: <c>{"task_names": ["name of task 0", ...]}</c>, the task of
/// each Poly task id (from the training mixture's task names), so that evaluation maps task names to ids. PEFT ignores
/// the file.
/// </summary>
public static class TaskNamesFile
{
    public const string FileName = "t0sharp_tasks.json";

    public static void Write(string dir, IReadOnlyList<string> names)
    {
        var duplicate = names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"task name \"{duplicate.Key}\" is given twice");
        var obj = new JsonObject { ["task_names"] = new JsonArray(names.Select(n => (JsonNode)JsonValue.Create(n)!).ToArray()) };
        AtomicFile.WriteAllText(Path.Combine(dir, FileName), obj.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <summary>The names in <paramref name="dir"/>'s file, or null when there is no file.</summary>
    public static IReadOnlyList<string>? Read(string dir)
    {
        var path = Path.Combine(dir, FileName);
        if (!File.Exists(path)) return null;
        JsonNode? node;
        try { node = JsonNode.Parse(File.ReadAllText(path)); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: not valid JSON: {e.Message}", e); }
        if (node?["task_names"] is not JsonArray arr)
            throw new InvalidDataException($"{path}: expected {{\"task_names\": [...]}}");
        return arr.Select((n, i) => n is JsonValue v && v.TryGetValue<string>(out var s) ? s
            : throw new InvalidDataException($"{path}: task_names[{i}] must be a string")).ToList();
    }
}
