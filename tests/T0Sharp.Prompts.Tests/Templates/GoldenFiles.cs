using System.IO.Compression;
using System.Text.Json;
using T0Sharp.Tests;

namespace T0Sharp.Prompts.Tests.Templates;

/// <summary>
/// The conformance golden files written by tools/reference/make_golden.py (Python Jinja2 3.1.6 with
/// promptsource semantics): every template as PyYAML loads it, and render groups (inputs and expected lines).
/// </summary>
public static class GoldenFiles
{
    public static string Folder => TestPaths.RepoPath("tests", "T0Sharp.Prompts.Tests", "Golden");

    public static string CollectionDir(string collection) => collection == "head"
        ? TestPaths.RepoPath("assets", "promptsource", "templates")
        : TestPaths.RepoPath("assets", "promptsource", "v0.1.0", "templates");

    static readonly Lazy<IReadOnlyList<JsonElement>> templates = new(() => ReadGz("templates.jsonl.gz"));
    static readonly Lazy<IReadOnlyList<RenderGroup>> groups = new(() => ReadGz("render.jsonl.gz").Select(RenderGroup.From).ToList());

    public static IReadOnlyList<JsonElement> Templates => templates.Value;
    public static IReadOnlyList<RenderGroup> Groups => groups.Value;

    static List<JsonElement> ReadGz(string name)
    {
        using var gz = new GZipStream(File.OpenRead(Path.Combine(Folder, name)), CompressionMode.Decompress);
        using var reader = new StreamReader(gz);
        var rows = new List<JsonElement>();
        while (reader.ReadLine() is { } line)
            if (line.Length > 0) rows.Add(JsonDocument.Parse(line).RootElement.Clone());
        return rows;
    }

    public static string? Str(this JsonElement e, string key) =>
        e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}

/// <summary>One render group: a templates file, a seed, example lines and the lines Python wrote for them.</summary>
public sealed record RenderGroup(string Collection, string Dataset, string? Subset, string Source, long Seed,
    IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs)
{
    public string Key => $"{Collection}:{Dataset}{(Subset is null ? "" : "/" + Subset)}:{Source}";

    public static RenderGroup From(JsonElement e) => new(
        e.Str("collection")!, e.Str("dataset")!, e.Str("subset"), e.Str("source")!, e.GetProperty("seed").GetInt64(),
        e.GetProperty("inputs").EnumerateArray().Select(x => x.GetString()!).ToList(),
        e.GetProperty("outputs").EnumerateArray().Select(x => x.GetString()!).ToList());
}
