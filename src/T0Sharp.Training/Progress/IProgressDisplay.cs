using T0Sharp.Training.Loop;

namespace T0Sharp.Training.Progress;

/// <summary>
/// A live display of a run (the CLI's terminal progress bar): subscribes to the trainer's events while
/// <c>run</c> executes. The training library itself only writes plain lines; the CLI supplies this.
/// </summary>
public interface IProgressDisplay
{
    TrainingResult Show(Trainer trainer, Func<TrainingResult> run);
}
