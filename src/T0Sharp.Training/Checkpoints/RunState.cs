using System.Text.Json;
using System.Text.Json.Serialization;

namespace T0Sharp.Training.Checkpoints;

/// <summary>
/// The mutable state of a run (what options are not): the step reached, counters, the best validation
/// metric, and the data stream position. Saved as trainer_state.json in every checkpoint; the torch RNG
/// state and optimizer state are saved beside it as tensors.
/// </summary>
public sealed class RunState
{
    [JsonPropertyName("step")] public long Step { get; set; }
    /// <summary>Target tokens that carried loss.</summary>
    [JsonPropertyName("target_tokens_seen")] public long TargetTokensSeen { get; set; }
    /// <summary>Non-padding input tokens.</summary>
    [JsonPropertyName("input_tokens_seen")] public long InputTokensSeen { get; set; }
    [JsonPropertyName("best_metric")] public double? BestMetric { get; set; }
    [JsonPropertyName("best_step")] public long? BestStep { get; set; }
    [JsonPropertyName("last_loss")] public double? LastLoss { get; set; }
    [JsonPropertyName("elapsed_seconds")] public double ElapsedSeconds { get; set; }
    /// <summary>The training stream's serialized position (its own JSON).</summary>
    [JsonPropertyName("data_state")] public string DataState { get; set; } = "";

    static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static RunState FromJson(string json, string source)
    {
        try { return JsonSerializer.Deserialize<RunState>(json) ?? throw new InvalidDataException($"{source}: empty run state"); }
        catch (JsonException e) { throw new InvalidDataException($"{source}: corrupt run state: {e.Message}"); }
    }

    public RunState Clone() => FromJson(ToJson(), "clone");
}
