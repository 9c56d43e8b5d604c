using System.Text.Json;
using System.Text.Json.Serialization;
using T0Sharp.Core;

namespace T0Sharp.Data.Cache;

/// <summary>Per-task statistics of a cache.</summary>
public sealed record CacheTaskStats(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("examples")] long Examples,
    [property: JsonPropertyName("input_tokens")] long InputTokens,
    [property: JsonPropertyName("target_tokens")] long TargetTokens);

/// <summary>
/// index.json of a tokenized cache: what was built (mixture, seed, data and template folders), with which
/// tokenizer (<see cref="TokenizerFingerprint"/>) and EOS convention, how much (counts and token totals per task, longest sequences)
/// and where the mixture stream stood afterwards (<see cref="EndCursor"/>, to continue training past the cache).
/// A cache folder is complete exactly when its index.json exists: it is written last, before the folder is renamed.
/// </summary>
public sealed record CacheIndex
{
    public const string FileName = "index.json";
    public const string ExamplesFile = "examples.arrows";
    public const int CurrentFormat = 1;

    [JsonPropertyName("format")] public int Format { get; init; } = CurrentFormat;
    [JsonPropertyName("mixture")] public required string Mixture { get; init; }
    [JsonPropertyName("seed")] public long Seed { get; init; }
    [JsonPropertyName("data")] public string? Data { get; init; }
    [JsonPropertyName("templates")] public string? Templates { get; init; }
    [JsonPropertyName("tokenizer")] public string? Tokenizer { get; init; }
    [JsonPropertyName("tokenizer_fingerprint")] public required string TokenizerFingerprint { get; init; }
    /// <summary>The <see cref="Features.EosConvention"/> the examples were tokenized with (null in caches written before it was recorded).</summary>
    [JsonPropertyName("eos_convention")] public string? EosConvention { get; init; }
    [JsonPropertyName("examples")] public long Examples { get; init; }
    [JsonPropertyName("input_tokens")] public long InputTokens { get; init; }
    [JsonPropertyName("target_tokens")] public long TargetTokens { get; init; }
    [JsonPropertyName("max_input_length")] public int MaxInputLength { get; init; }
    [JsonPropertyName("max_target_length")] public int MaxTargetLength { get; init; }
    [JsonPropertyName("draws")] public long Draws { get; init; }
    /// <summary>Draws dropped before the last kept one (template gave no 2 parts, or unlabeled in training).</summary>
    [JsonPropertyName("dropped")] public long Dropped { get; init; }
    [JsonPropertyName("end_cursor")] public string? EndCursor { get; init; }
    [JsonPropertyName("created_utc")] public DateTime CreatedUtc { get; init; }
    [JsonPropertyName("tasks")] public required IReadOnlyList<CacheTaskStats> Tasks { get; init; }

    static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public void Save(string folder) => AtomicFile.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(this, Json));

    /// <summary>Reads a complete cache's index, or explains why the folder is not one.</summary>
    public static CacheIndex Load(string folder)
    {
        var file = Path.Combine(folder, FileName);
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"cache folder '{folder}' does not exist");
        if (!File.Exists(file))
            throw new InvalidDataException($"'{folder}' is not a complete T0Sharp cache (no {FileName}; an interrupted build leaves no index): rebuild it with 't0sharp data build'");
        CacheIndex? index;
        try { index = JsonSerializer.Deserialize<CacheIndex>(File.ReadAllText(file), Json); }
        catch (JsonException e) { throw new InvalidDataException($"{file}: not a valid cache index: {e.Message}", e); }
        if (index == null) throw new InvalidDataException($"{file}: empty cache index");
        if (index.Format != CurrentFormat) throw new InvalidDataException($"{file}: cache format {index.Format}, this T0Sharp reads format {CurrentFormat}: rebuild the cache");
        if (!File.Exists(Path.Combine(folder, ExamplesFile))) throw new InvalidDataException($"'{folder}': {ExamplesFile} is missing");
        return index;
    }
}
