using System.Text.Json;
using T0Sharp.Data.Sources;

namespace T0Sharp.Data.Tasks.SuperNi;

/// <summary>A demonstration of a Super-NaturalInstructions task: input, output and (optional) explanation.</summary>
public sealed record SuperNiDemonstration(string Input, string Output, string? Explanation);

/// <summary>
/// A Super-NaturalInstructions task file (allenai/natural-instructions tasks/taskNNN_*.json): "Definition" (a list
/// of strings; Tk-Instruct uses the first), "Positive Examples" and "Negative Examples" (input, output,
/// explanation), "Instances" (id, input, output: a list of acceptable outputs). Other keys (Contributors, Source,
/// Categories, languages...) are kept only as <see cref="Categories"/>. A missing or mistyped required key is an
/// error naming the file and key.
/// </summary>
public sealed class SuperNiTaskFile
{
    SuperNiTaskFile(string path, string name, string definition, IReadOnlyList<string> categories,
        IReadOnlyList<SuperNiDemonstration> positive, IReadOnlyList<SuperNiDemonstration> negative, IReadOnlyList<SourceRow> instances)
    {
        Path = path; Name = name; Definition = definition; Categories = categories;
        PositiveExamples = positive; NegativeExamples = negative; Instances = instances;
    }

    public string Path { get; }

    /// <summary>The file name without extension (e.g. task020_mctaco_span_based_question).</summary>
    public string Name { get; }

    public string Definition { get; }
    public IReadOnlyList<string> Categories { get; }
    public IReadOnlyList<SuperNiDemonstration> PositiveExamples { get; }
    public IReadOnlyList<SuperNiDemonstration> NegativeExamples { get; }

    /// <summary>The instances as records with fields id (string), input (string), output (list of strings).</summary>
    public IReadOnlyList<SourceRow> Instances { get; }

    public static SuperNiTaskFile Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Super-NaturalInstructions task file '{path}' not found", path);
        JsonDocument doc;
        try { doc = JsonDocument.Parse(File.ReadAllBytes(path)); }
        catch (JsonException e) { throw new DataFormatException(path, (e.LineNumber ?? 0) + 1, "invalid JSON: " + e.Message); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new DataFormatException(path, 1, "expected a JSON object (a Super-NaturalInstructions task)");
            var definition = root.TryGetProperty("Definition", out var d)
                ? d.ValueKind switch
                {
                    JsonValueKind.Array when d.GetArrayLength() > 0 && d[0].ValueKind == JsonValueKind.String => d[0].GetString()!,
                    JsonValueKind.String => d.GetString()!,
                    _ => throw Bad(path, "\"Definition\" must be a non-empty list of strings"),
                }
                : throw Bad(path, "missing \"Definition\"");
            var categories = root.TryGetProperty("Categories", out var c) && c.ValueKind == JsonValueKind.Array
                ? c.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList() : [];
            var instances = new List<SourceRow>();
            if (!root.TryGetProperty("Instances", out var inst) || inst.ValueKind != JsonValueKind.Array)
                throw Bad(path, "missing \"Instances\" (a list)");
            foreach (var (e, i) in inst.EnumerateArray().Select((e, i) => (e, i)))
            {
                var input = Str(e, "input") ?? throw Bad(path, $"Instances[{i}]: missing \"input\" (a string)");
                var outputs = e.TryGetProperty("output", out var o) ? o.ValueKind switch
                {
                    JsonValueKind.Array => o.EnumerateArray().Select(x => x.GetString() ?? "").Cast<object?>().ToList(),
                    JsonValueKind.String => [o.GetString()],
                    _ => throw Bad(path, $"Instances[{i}]: \"output\" must be a list of strings"),
                } : throw Bad(path, $"Instances[{i}]: missing \"output\"");
                var values = new OrderedDictionary<string, object?>
                {
                    ["id"] = Str(e, "id") ?? $"{System.IO.Path.GetFileNameWithoutExtension(path)}-{i}",
                    ["input"] = input,
                    ["output"] = outputs,
                };
                instances.Add(new SourceRow(i, i + 1, values));
            }
            return new SuperNiTaskFile(path, System.IO.Path.GetFileNameWithoutExtension(path), definition, categories,
                Demonstrations(root, "Positive Examples", path), Demonstrations(root, "Negative Examples", path), instances);
        }
    }

    static List<SuperNiDemonstration> Demonstrations(JsonElement root, string key, string path)
    {
        if (!root.TryGetProperty(key, out var arr)) return [];
        if (arr.ValueKind != JsonValueKind.Array) throw Bad(path, $"\"{key}\" must be a list");
        return arr.EnumerateArray().Select((e, i) => new SuperNiDemonstration(
            Str(e, "input") ?? throw Bad(path, $"{key}[{i}]: missing \"input\""),
            Str(e, "output") ?? throw Bad(path, $"{key}[{i}]: missing \"output\""),
            Str(e, "explanation"))).ToList();
    }

    static string? Str(JsonElement e, string key) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    static DataFormatException Bad(string path, string reason) => new(path, 1, reason);
}

/// <summary>The instances of a task file as a source (the file is parsed once).</summary>
internal sealed class SuperNiSource(SuperNiTaskFile file, int maxInstances) : IExampleSource
{
    public string Path => file.Path;
    public IEnumerable<SourceRow> Read(long skip = 0) => file.Instances.Take(maxInstances).Skip((int)Math.Min(skip, int.MaxValue));
    public long CountRows() => Math.Min(file.Instances.Count, maxInstances);
}
