using System.Text.Json;
using System.Text.Json.Serialization;
using T0Sharp.Core;
using T0Sharp.Evaluation.Aggregation;

namespace T0Sharp.Evaluation.Results;

/// <summary>Scores of one (dataset, template): accuracies in percent per scoring, or generation metrics.</summary>
public sealed record TemplateResult
{
    [JsonPropertyName("dataset")] public required string Dataset { get; init; }
    [JsonPropertyName("template")] public required string Template { get; init; }
    /// <summary>"rank" or "gen".</summary>
    [JsonPropertyName("kind")] public required string Kind { get; init; }
    [JsonPropertyName("examples")] public required int Examples { get; init; }
    [JsonPropertyName("skipped")] public int Skipped { get; init; }
    /// <summary>Rank: "acc_sum", "acc_mean", "acc_char"; generation: "exact_match", "rougeL", "bleu", "squad_em", "squad_f1" (0..100).</summary>
    [JsonPropertyName("scores")] public required IReadOnlyDictionary<string, double> Scores { get; init; }
}

/// <summary>One dataset's summary: per score key, the spread over its templates.</summary>
public sealed record DatasetResult
{
    [JsonPropertyName("dataset")] public required string Dataset { get; init; }
    [JsonPropertyName("templates")] public required int Templates { get; init; }
    [JsonPropertyName("examples")] public required int Examples { get; init; }
    [JsonPropertyName("spread")] public required IReadOnlyDictionary<string, Spread> Spread { get; init; }
}

/// <summary>A finished (or partial) evaluation run: what <c>results.json</c> holds.</summary>
public sealed record RunResults
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("model")] public string? Model { get; init; }
    [JsonPropertyName("suite")] public string? Suite { get; init; }
    /// <summary>The score key the summaries lead with: "acc_sum", "acc_mean" or "acc_char".</summary>
    [JsonPropertyName("primary")] public required string Primary { get; init; }
    [JsonPropertyName("limit")] public int? Limit { get; init; }
    /// <summary>Where EOS went on inputs and choices (<see cref="Data.Features.EosConvention.Name"/>: t-zero, t-few or lm-eval).</summary>
    [JsonPropertyName("eos_convention")] public string? EosConvention { get; init; }
    [JsonPropertyName("created_utc")] public DateTime CreatedUtc { get; init; } = DateTime.UtcNow;
    [JsonPropertyName("datasets")] public required IReadOnlyList<DatasetResult> Datasets { get; init; }
    [JsonPropertyName("templates")] public required IReadOnlyList<TemplateResult> Templates { get; init; }
    /// <summary>Display label per dataset key (e.g. "anli_r1" → "ANLI R1").</summary>
    [JsonPropertyName("labels")] public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    /// <summary>Datasets of the suite that could not be evaluated here, with the reason (e.g. data not bundled).</summary>
    [JsonPropertyName("missing")] public IReadOnlyList<MissingItem> Missing { get; init; } = [];
    [JsonPropertyName("notes")] public IReadOnlyList<string> Notes { get; init; } = [];

    static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string Label(string dataset) => Labels.TryGetValue(dataset, out var l) ? l : dataset;

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public void Save(string path) => AtomicFile.WriteAllText(path, ToJson() + "\n");

    /// <summary>Parses what <see cref="ToJson"/> wrote.</summary>
    public static RunResults FromJson(string json) =>
        JsonSerializer.Deserialize<RunResults>(json, Json) ?? throw new InvalidDataException("empty results");

    /// <summary>Loads a results.json (or the results.json inside a run folder).</summary>
    public static RunResults Load(string path)
    {
        if (Directory.Exists(path)) path = System.IO.Path.Combine(path, "results.json");
        if (!File.Exists(path)) throw new FileNotFoundException($"no results.json at {path} (is this a finished run folder?)", path);
        try
        {
            return JsonSerializer.Deserialize<RunResults>(File.ReadAllText(path), Json)
                ?? throw new InvalidDataException($"{path}: empty results");
        }
        catch (JsonException e) { throw new InvalidDataException($"{path}: not a T0Sharp results file: {e.Message}", e); }
    }
}

/// <summary>Something the suite asks for that this run could not evaluate.</summary>
public sealed record MissingItem(
    [property: JsonPropertyName("dataset")] string Dataset,
    [property: JsonPropertyName("reason")] string Reason);
