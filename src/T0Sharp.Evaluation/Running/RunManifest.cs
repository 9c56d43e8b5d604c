using System.Text.Json;
using System.Text.Json.Serialization;
using T0Sharp.Core;

namespace T0Sharp.Evaluation.Running;

/// <summary>
/// <c>run.json</c> in a run folder: which model, suite and EOS convention the stored examples belong to. Resuming
/// with a different model or convention is refused, so scores computed two ways never mix in one store.
/// </summary>
public sealed record RunManifest
{
    [JsonPropertyName("model")] public required string Model { get; init; }
    [JsonPropertyName("suite")] public string? Suite { get; init; }
    [JsonPropertyName("limit")] public int? Limit { get; init; }
    /// <summary>The <see cref="Data.Features.EosConvention"/> inputs and choices were encoded with (null: a run made before it was recorded).</summary>
    [JsonPropertyName("eos_convention")] public string? EosConvention { get; init; }
    [JsonPropertyName("started_utc")] public DateTime StartedUtc { get; init; } = DateTime.UtcNow;

    public static void CheckOrCreate(string outDir, RunManifest current)
    {
        var path = Path.Combine(outDir, "run.json");
        if (File.Exists(path))
        {
            RunManifest? old;
            try { old = JsonSerializer.Deserialize<RunManifest>(File.ReadAllText(path)); }
            catch (JsonException e) { throw new InvalidDataException($"{path}: unreadable run manifest: {e.Message}", e); }
            if (old != null && old.Model != current.Model)
                throw new InvalidOperationException(
                    $"{outDir} holds a run of model '{old.Model}', not '{current.Model}': use another --out folder (or delete this one) so the two runs' scores do not mix");
            if (old != null && old.EosConvention != current.EosConvention)
                throw new InvalidOperationException(
                    $"{outDir} holds a run scored with EOS convention {old.EosConvention ?? "(not recorded: inputs ended with EOS)"}, not {current.EosConvention}: " +
                    "use another --out folder (or delete this one), or pass the run's --eos-convention, so the two ways of scoring do not mix");
            return;
        }
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(current, new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }
}
