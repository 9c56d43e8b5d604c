using System.Text.Json.Serialization;

namespace T0Sharp.Demo;

/// <summary>Held-out accuracy of one task type: median and interquartile range over its templates, and every template's accuracy (%).</summary>
public sealed record TaskTypeScore(
    [property: JsonPropertyName("median")] double Median,
    [property: JsonPropertyName("iqr")] double Iqr,
    [property: JsonPropertyName("per_template")] IReadOnlyList<double> PerTemplate);

/// <summary>
/// Held-out score of a condition: the mean over held-out task types of the median accuracy over their templates
/// (T0's summary), its bootstrap standard error over evaluation items, and the per-task-type detail.
/// </summary>
public sealed record HeldOutScore(
    [property: JsonPropertyName("score")] double Score,
    [property: JsonPropertyName("se")] double Se,
    [property: JsonPropertyName("per_task")] IReadOnlyDictionary<string, TaskTypeScore> PerTask);

/// <summary>One evaluated condition (the keys other tools rely on; see docs/demo.md).</summary>
public sealed record ConditionResult
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("pretrained")] public required bool Pretrained { get; init; }
    /// <summary>0 for the untrained and pretrained-only baselines.</summary>
    [JsonPropertyName("training_task_types")] public required int TrainingTaskTypes { get; init; }
    /// <summary>"all" or a number of templates per task.</summary>
    [JsonPropertyName("templates_per_task")] public required object TemplatesPerTask { get; init; }
    [JsonPropertyName("heldout")] public required HeldOutScore HeldOut { get; init; }
    /// <summary>The held-out score of each training run (one for the pretrained-only baseline); <see cref="HeldOut"/>
    /// summarises their item-by-item mean.</summary>
    [JsonPropertyName("run_scores")] public IReadOnlyList<double> RunScores { get; init; } = [];
    /// <summary>The mean interquartile range over templates of each training run.</summary>
    [JsonPropertyName("run_spreads")] public IReadOnlyList<double> RunSpreads { get; init; } = [];
}

/// <summary>An effect the demo tests: a difference, its standard error and whether it clears 3 standard errors.</summary>
public sealed record Effect(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("difference")] double Difference,
    [property: JsonPropertyName("se")] double Se,
    [property: JsonPropertyName("appears")] bool Appears)
{
    /// <summary>The same difference within each training run (run i against run i; a one-run baseline against every
    /// run); empty unless the conditions had more than one run. Training noise, which the standard error leaves out.</summary>
    [JsonPropertyName("run_differences")] public IReadOnlyList<double> RunDifferences { get; init; } = [];

    /// <summary>The difference in standard errors (null when the standard error is zero or undefined).</summary>
    [JsonPropertyName("z")] public double? Z => Se > 0 ? Difference / Se : null;
}

/// <summary>Controls: the answer prior with blank input, per held-out task type (accuracy %), and what was trained.</summary>
public sealed record DemoControls
{
    /// <summary>Accuracy (%) of the model with all held-out types' inputs blanked (the answer prior), per task type, and its mean.</summary>
    [JsonPropertyName("blank_input")] public required IReadOnlyDictionary<string, double> BlankInput { get; init; }
    [JsonPropertyName("blank_input_model")] public required string BlankInputModel { get; init; }
    /// <summary>Median accuracy (%) on training task types' validation data (rank classification), per model evaluated.</summary>
    [JsonPropertyName("seen_task_types")] public IReadOnlyDictionary<string, double> SeenTaskTypes { get; init; } = new Dictionary<string, double>();
    /// <summary>The same per training task type: median accuracy (%) over its templates (chance: 50% for yes/no and
    /// two-name types, 20% for topic, 10-17% for closed-book QA), per model evaluated.</summary>
    [JsonPropertyName("seen_per_task")] public IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> SeenPerTask { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, double>>();
}

/// <summary>Details of one condition beyond the results schema: training, evaluation folder, model folder.</summary>
public sealed record ConditionDetail
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("description")] public required string Description { get; init; }
    [JsonPropertyName("training_tasks")] public required IReadOnlyList<string> TrainingTasks { get; init; }
    [JsonPropertyName("training")] public TrainingSummary? Training { get; init; }
    [JsonPropertyName("eval_dir")] public required string EvalDir { get; init; }
    [JsonPropertyName("model_dir")] public string? ModelDir { get; init; }
    /// <summary>The evaluation on the training task types' new-wording templates (the largest all-templates condition and its
    /// one-template twin); null for other conditions.</summary>
    [JsonPropertyName("new_wording_eval_dir")] public string? NewWordingEvalDir { get; init; }
}

/// <summary>Everything the demo measured (demo-results.json): <c>chance</c> and <c>conditions</c> as the schema states, then details.</summary>
public sealed record DemoResults
{
    [JsonPropertyName("chance")] public required double Chance { get; init; }
    [JsonPropertyName("conditions")] public required IReadOnlyList<ConditionResult> Conditions { get; init; }
    [JsonPropertyName("effects")] public required IReadOnlyList<Effect> Effects { get; init; }
    [JsonPropertyName("controls")] public required DemoControls Controls { get; init; }
    [JsonPropertyName("details")] public required IReadOnlyList<ConditionDetail> Details { get; init; }
    /// <summary>Accuracy on the classification training task types in wording no condition trained on (validation rows, A
    /// facts), for the largest all-templates condition and its one-template twin: score, SE and per-task detail as in
    /// <c>heldout</c> (chance differs by task type: 50% for yes/no and two-name types, 20% for topic, 10-17% for closed-book QA).</summary>
    [JsonPropertyName("new_wording")] public IReadOnlyDictionary<string, HeldOutScore> NewWording { get; init; } = new Dictionary<string, HeldOutScore>();
    [JsonPropertyName("pretraining")] public TrainingSummary? Pretraining { get; init; }
    [JsonPropertyName("quick")] public required bool Quick { get; init; }
    [JsonPropertyName("seed")] public required long Seed { get; init; }
    [JsonPropertyName("vocab_size")] public required int VocabSize { get; init; }
    [JsonPropertyName("parameters")] public required long Parameters { get; init; }
    [JsonPropertyName("heldout_items_per_task")] public required int HeldOutItemsPerTask { get; init; }
    [JsonPropertyName("options")] public required DemoOptions Options { get; init; }
    [JsonPropertyName("seconds")] public required double Seconds { get; init; }

    public ConditionResult? Condition(string name) => Conditions.FirstOrDefault(c => c.Name == name);
}
