using System.Text.Json.Serialization;

namespace T0Sharp.Evaluation.Results;

/// <summary>
/// One scored (dataset, template, example) item: a line of the append-only <c>examples.jsonl</c> store.
/// <see cref="Kind"/> is "rank" (rank classification: choices and their scores), "gen" (generation: prediction
/// and references) or "skip" (the template did not apply or its target was not among the choices; kept so a
/// resumed run does not retry it).
/// </summary>
public sealed record ExampleRecord
{
    [JsonPropertyName("dataset")] public required string Dataset { get; init; }
    [JsonPropertyName("template")] public required string Template { get; init; }
    [JsonPropertyName("index")] public required int Index { get; init; }
    [JsonPropertyName("kind")] public required string Kind { get; init; }
    [JsonPropertyName("target")] public string? Target { get; init; }
    [JsonPropertyName("choices")] public IReadOnlyList<string>? Choices { get; init; }
    /// <summary>Per choice: sum of the target tokens' log-probabilities.</summary>
    [JsonPropertyName("logprob_sum")] public IReadOnlyList<double>? LogProbSum { get; init; }
    /// <summary>Per choice: number of target tokens (EOS included where the targets carry one).</summary>
    [JsonPropertyName("tokens")] public IReadOnlyList<int>? TokenCounts { get; init; }
    /// <summary>Per choice: length of the choice text in code points.</summary>
    [JsonPropertyName("chars")] public IReadOnlyList<int>? CharCounts { get; init; }
    /// <summary>Per choice: log P(instruction | input, choice) summed over the instruction's tokens (flipped scoring only).</summary>
    [JsonPropertyName("flipped_logprob")] public IReadOnlyList<double>? FlippedLogProb { get; init; }
    /// <summary>Predicted choice index under each scoring ("sum", "mean", "char", and "flipped" when computed).</summary>
    [JsonPropertyName("pred")] public IReadOnlyDictionary<string, int>? Predicted { get; init; }
    [JsonPropertyName("prediction")] public string? Prediction { get; init; }
    [JsonPropertyName("references")] public IReadOnlyList<string>? References { get; init; }
    [JsonPropertyName("metrics")] public IReadOnlyList<string>? Metrics { get; init; }
    [JsonPropertyName("reason")] public string? Reason { get; init; }

    public const string RankKind = "rank";
    public const string GenKind = "gen";
    public const string SkipKind = "skip";

    /// <summary>Whether the prediction under <paramref name="scoringKey"/> equals the stripped target (rank items only).</summary>
    public bool IsCorrect(string scoringKey) =>
        Kind == RankKind && Predicted != null && Choices != null && Target != null
        && Predicted.TryGetValue(scoringKey, out var p) && p >= 0 && p < Choices.Count
        && Choices[p] == global::T0Sharp.Evaluation.Metrics.TextSplit.PythonStrip(Target);
}
