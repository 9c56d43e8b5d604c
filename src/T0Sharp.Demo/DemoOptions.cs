namespace T0Sharp.Demo;

/// <summary>
/// Sizes of the demo. The budget is set by this machine class (2 cores): a model of about a million parameters over
/// a remapped vocabulary of a few hundred pieces, short packed rows, one pretraining run shared by every condition,
/// and the same number of multitask steps for every training condition so that comparisons hold compute fixed (as
/// T0's do). Step counts are fixed in advance, not tuned per condition.
/// </summary>
public sealed record DemoOptions
{
    public string OutputDir { get; init; } = Path.Combine("runs", "demo");
    public bool Quick { get; init; }
    public long Seed { get; init; }
    /// <summary>Torch threads; 0 = one per core.</summary>
    public int Threads { get; init; }

    /// <summary>Pretraining documents drawn from the world, and optimizer steps of prefix-LM pretraining.</summary>
    public int PretrainDocuments { get; init; } = 20_000;
    public int PretrainSteps { get; init; } = 900;
    public double PretrainLearningRate { get; init; } = 3e-3;

    /// <summary>Generated examples per training task type (train split) and per held-out task type (evaluation items).</summary>
    public int TrainExamplesPerTask { get; init; } = 4_000;
    public int HeldOutItemsPerTask { get; init; } = 300;

    /// <summary>Optimizer steps of every multitask training condition, and the share of each batch that is pretraining text.</summary>
    public int Steps { get; init; } = 450;
    public double PretrainMixFraction { get; init; } = 0.25;
    /// <summary>Multitask learning rate (AdamW, linear decay to a tenth). Measured: at 3e-3 the fixed-label types
    /// (sentiment, paraphrase) stayed at chance after 600 steps; at 1e-3 they reached 90% and 64% (docs/demo.md).</summary>
    public double LearningRate { get; init; } = 1e-3;
    public int WarmupSteps { get; init; } = 30;

    /// <summary>Dropout rate of pretraining (T5's 0.1) and of the multitask stages.</summary>
    public double PretrainDropout { get; init; } = 0.1;
    public double MultitaskDropout { get; init; } = 0.1;

    /// <summary>Packed rows per step, and their lengths in tokens.</summary>
    public int RowsPerStep { get; init; } = 8;
    public int InputLength { get; init; } = 128;
    public int TargetLength { get; init; } = 64;

    /// <summary>
    /// Numbers of training task types of the scaling conditions, taken as prefixes of
    /// <see cref="T0Sharp.Synthetic.SyntheticSuite.TrainingTasks"/> in its fixed order.
    /// </summary>
    public IReadOnlyList<int> TaskCounts { get; init; } = [1, 3, 6];

    /// <summary>
    /// Reuse stage 1 from an earlier run into the same output folder (models/pretrained) instead of pretraining again;
    /// refused unless that checkpoint was made with the same world, tokenizer, model shape and pretraining settings.
    /// </summary>
    public bool ReusePretrained { get; init; }

    /// <summary>Which conditions to run (null = all); names as in <see cref="DemoConditions"/>.</summary>
    public IReadOnlyList<string>? Conditions { get; init; }

    /// <summary>
    /// Training runs per trained condition, each with its own seed (seed, seed + 1000, ...: data order, dropout,
    /// initialisation, the one-template draw), evaluated on the same items and averaged item by item. One run keeps
    /// the default within budget; more put training noise into the comparison instead of leaving it out.
    /// </summary>
    public int Runs { get; init; } = 1;

    /// <summary>
    /// Training runs at once, each in a worker process with its share of the cores, when the caller can start workers
    /// (the CLI); 0 = one per core. Results do not depend on it.
    /// </summary>
    public int Jobs { get; init; }

    /// <summary>Bootstrap resamples for standard errors.</summary>
    public int BootstrapSamples { get; init; } = 400;

    /// <summary>Model shape (T5 v1.1 style: gated-GELU, untied head).</summary>
    public int DModel { get; init; } = 128;
    public int DFf { get; init; } = 256;
    public int NumHeads { get; init; } = 4;
    public int DKv { get; init; } = 32;
    public int NumLayers { get; init; } = 2;

    /// <summary>About 5 minutes on 2 cores including the build (measured 4 min 55 s from a fresh clone; the budget is 10).</summary>
    public static DemoOptions Default { get; } = new();

    /// <summary>
    /// Under 3 minutes on 2 cores including the build: fewer steps and items, and the scaling series without its
    /// middle point (1 and 6 training task types). Measured 2 min 0 s from a fresh clone (75 s for the demo). No effect
    /// clears 3 SE at these sizes (docs/demo.md); larger quick sizes (400 or 500 pretraining steps, 150 or 200
    /// multitask steps, 200 items) took 2.5 to 2.75 minutes from a fresh clone and showed no more.
    /// </summary>
    public static DemoOptions QuickMode { get; } = new()
    {
        Quick = true, PretrainDocuments = 8_000, PretrainSteps = 240, TrainExamplesPerTask = 400, HeldOutItemsPerTask = 100,
        Steps = 100, WarmupSteps = 15, BootstrapSamples = 200, TaskCounts = [1, 6],
    };
}
