namespace T0Sharp.Training.Loop;

/// <summary>Something the trainer reports while it runs; observers (progress, metrics writers, a demo UI) subscribe to <see cref="Trainer.Event"/>.</summary>
public abstract record TrainerEvent(long Step);

/// <summary>Training metrics for one logged step. Loss is the step objective; TokenLoss is the mean cross-entropy per target token.</summary>
public sealed record StepEvent(
    long Step, long MaxSteps, double Loss, double TokenLoss, double LearningRate, double GradNorm,
    double TokensPerSecond, long TargetTokensSeen, long InputTokensSeen, TimeSpan Elapsed, TimeSpan? Eta) : TrainerEvent(Step)
{
    /// <summary>The objective's named terms of this step (e.g. lm, unlikelihood), or null when it reports none.</summary>
    public IReadOnlyDictionary<string, double>? Terms { get; init; }
}

/// <summary>Validation results: mean token loss over the loss batches, and rank-classification accuracy (overall and per task).</summary>
public sealed record EvalEvent(long Step, double? Loss, double? Accuracy, IReadOnlyDictionary<string, double> TaskAccuracy, bool IsBest) : TrainerEvent(Step);

public sealed record CheckpointEvent(long Step, string Path, string Reason) : TrainerEvent(Step);

/// <summary>Free-form notice: run start (with the resolved configuration), resume, interruption.</summary>
public sealed record MessageEvent(long Step, string Text) : TrainerEvent(Step);

public enum TrainingOutcome { Completed, Interrupted }

/// <summary>How a run ended.</summary>
public sealed record TrainingResult(TrainingOutcome Outcome, long Step, double? LastLoss, string? LastCheckpoint, string OutputDir);

/// <summary>Thrown when the loss becomes NaN or infinite: the step is not applied and the last checkpoint is left as it was.</summary>
public sealed class TrainingDivergedException(string message) : Exception(message);
