using T0Sharp.Training.Options;

namespace T0Sharp.Training.Tests.Support;

public static class TestOptions
{
    /// <summary>Options for tiny CPU trainer runs writing into <paramref name="outputDir"/>.</summary>
    public static TrainOptions Tiny(string outputDir, int maxSteps = 20) => new()
    {
        Run = new RunSection { OutputDir = outputDir, MaxSteps = maxSteps, Seed = 3 },
        Data = new DataSection { BatchSize = 8, MicroBatchSize = 4, InputLength = 6, TargetLength = 6 },
        Optimizer = new OptimizerSection { Name = OptimizerKind.Adafactor, LearningRate = 1e-2 },
        Checkpoint = new CheckpointSection { EverySteps = 5, KeepLast = 2 },
        Logging = new LoggingSection { EverySteps = 1, Progress = ProgressMode.None },
    };
}
