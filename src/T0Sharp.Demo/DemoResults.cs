using System.Text.Json.Serialization;

namespace T0Sharp.Demo;

/// <summary>One evaluated condition of the demo's experiments.</summary>
public sealed record ConditionResult
{
    [JsonPropertyName("condition")] public required string Condition { get; init; }
    [JsonPropertyName("description")] public required string Description { get; init; }
    [JsonPropertyName("training_clusters")] public required IReadOnlyList<string> TrainingClusters { get; init; }
    [JsonPropertyName("templates_per_task")] public required string TemplatesPerTask { get; init; }
    [JsonPropertyName("training")] public TrainingSummary? Training { get; init; }
    /// <summary>Median accuracy (%) over all held-out (task, template) pairs.</summary>
    [JsonPropertyName("heldout_median")] public required double HeldOutMedian { get; init; }
    /// <summary>Median accuracy (%) per held-out cluster.</summary>
    [JsonPropertyName("heldout_cluster_medians")] public required IReadOnlyDictionary<string, double> HeldOutClusterMedians { get; init; }
    /// <summary>Every held-out (task, template) accuracy (%), for spread plots.</summary>
    [JsonPropertyName("heldout_template_accuracies")] public required IReadOnlyList<double> HeldOutTemplateAccuracies { get; init; }
    /// <summary>Median accuracy (%) on the validation data of the training clusters' classification tasks (seen task types).</summary>
    [JsonPropertyName("seen_median")] public double? SeenMedian { get; init; }
    [JsonPropertyName("eval_dir")] public required string EvalDir { get; init; }
    /// <summary>The full held-out evaluation (also saved as EvalDir/results.json).</summary>
    [JsonIgnore] public T0Sharp.Evaluation.Results.RunResults? HeldOut { get; init; }
}

/// <summary>Everything the demo measured (demo-results.json).</summary>
public sealed record DemoResults
{
    [JsonPropertyName("quick")] public required bool Quick { get; init; }
    [JsonPropertyName("seed")] public required long Seed { get; init; }
    [JsonPropertyName("vocab_size")] public required int VocabSize { get; init; }
    [JsonPropertyName("parameters")] public required long Parameters { get; init; }
    [JsonPropertyName("options")] public required DemoOptions Options { get; init; }
    [JsonPropertyName("heldout_examples_per_template")] public required int HeldOutExamplesPerTemplate { get; init; }
    [JsonPropertyName("conditions")] public required IReadOnlyList<ConditionResult> Conditions { get; init; }
    /// <summary>Median accuracy (%) per real T0 held-out dataset for the final model (near chance expected).</summary>
    [JsonPropertyName("real_t0_heldout")] public IReadOnlyDictionary<string, double>? RealT0HeldOut { get; init; }
    [JsonPropertyName("real_t0_missing")] public IReadOnlyList<string> RealT0Missing { get; init; } = [];
    [JsonPropertyName("seconds")] public required double Seconds { get; init; }
}
