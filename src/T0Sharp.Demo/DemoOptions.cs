namespace T0Sharp.Demo;

/// <summary>
/// Sizes of the demo. The budget is set by this machine class (2 cores, ~100 GFLOP/s fp32): a model of about a
/// million parameters over a remapped vocabulary of a few hundred pieces, short packed rows, and the same number
/// of optimizer steps for every training condition so that the comparisons hold compute fixed (as T0's do).
/// </summary>
public sealed record DemoOptions
{
    public string OutputDir { get; init; } = Path.Combine("runs", "demo");
    public bool Quick { get; init; }
    public long Seed { get; init; }
    /// <summary>Torch threads; 0 = one per core.</summary>
    public int Threads { get; init; }

    /// <summary>Generated examples per task in the train and validation splits.</summary>
    public int TrainExamplesPerTask { get; init; } = 400;
    public int ValidationExamplesPerTask { get; init; } = 60;

    /// <summary>Optimizer steps of every training condition.</summary>
    public int Steps { get; init; } = 450;
    /// <summary>Packed rows per step, and their lengths in tokens.</summary>
    public int RowsPerStep { get; init; } = 8;
    public int InputLength { get; init; } = 256;
    public int TargetLength { get; init; } = 32;
    public double LearningRate { get; init; } = 3e-3;
    public int WarmupSteps { get; init; } = 30;

    /// <summary>Validation rows per synthetic task used for zero-shot evaluation.</summary>
    public int EvalExamplesPerTask { get; init; } = 40;
    /// <summary>Rows per dataset of the bundled real T0 held-out sets (the final model only); 0 skips them.</summary>
    public int RealEvalExamplesPerDataset { get; init; } = 16;

    /// <summary>Which conditions to run (null = all): untrained, one_cluster, half_clusters, all_clusters, all_clusters_one_template.</summary>
    public IReadOnlyList<string>? Conditions { get; init; }

    /// <summary>Model shape (T5 v1.1 style: gated-GELU, untied head).</summary>
    public int DModel { get; init; } = 128;
    public int DFf { get; init; } = 256;
    public int NumHeads { get; init; } = 4;
    public int DKv { get; init; } = 32;
    public int NumLayers { get; init; } = 2;

    /// <summary>About 10 minutes on 2 cores.</summary>
    public static DemoOptions Default { get; } = new();

    /// <summary>About 3 minutes on 2 cores.</summary>
    public static DemoOptions QuickMode { get; } = new()
    {
        Quick = true, TrainExamplesPerTask = 200, ValidationExamplesPerTask = 30, Steps = 150,
        EvalExamplesPerTask = 16, RealEvalExamplesPerDataset = 4,
    };
}
