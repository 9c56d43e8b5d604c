namespace T0Sharp.Training.Data;

/// <summary>
/// An endless, deterministic source of training micro-batches whose position serializes to JSON, so that a
/// resumed run reads exactly the batches an uninterrupted run would have read.
/// </summary>
public interface ITrainingStream
{
    /// <summary>The next micro-batch of <paramref name="rows"/> rows.</summary>
    TrainingBatch Next(int rows);

    /// <summary>The stream position (and any RNG state) as JSON.</summary>
    string SaveState();

    /// <summary>Restores a position written by <see cref="SaveState"/>.</summary>
    void RestoreState(string json);
}
