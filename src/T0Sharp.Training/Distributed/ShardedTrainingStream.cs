using T0Sharp.Training.Data;

namespace T0Sharp.Training.Distributed;

/// <summary>
/// This process's share of a stream read by all processes: each call reads the next <c>rows × size</c> rows
/// from the shared stream (the same on every process, from the same seed and position) and keeps rows
/// <c>[rank·rows, (rank+1)·rows)</c>. So the processes' shares are disjoint and together are exactly the rows one
/// process would read with micro-batches of <c>rows × size</c> (packing included: rows are packed before they
/// are split), and the position, saved by rank 0, is the shared stream's: a run resumes exactly with any
/// number of processes. Each process runs the data pipeline for the whole step; its cost is small beside the
/// model's (see <c>t0sharp bench data</c>).
/// </summary>
public sealed class ShardedTrainingStream(ITrainingStream shared, int rank, int size) : ITrainingStream
{
    public ITrainingStream Shared => shared;

    public TrainingBatch Next(int rows)
    {
        var all = shared.Next(rows * size);
        return Slice(all, rank * rows, rows);
    }

    public string SaveState() => shared.SaveState();

    public void RestoreState(string json) => shared.RestoreState(json);

    /// <summary>Rows <c>[start, start+count)</c> of a batch (copies of the row-major arrays).</summary>
    public static TrainingBatch Slice(TrainingBatch b, int start, int count)
    {
        if (start < 0 || count < 0 || start + count > b.Rows)
            throw new ArgumentOutOfRangeException(nameof(start), $"rows [{start}, {start + count}) are outside a batch of {b.Rows} rows");
        int[]? Rows(int[]? a, int width) => a?.AsSpan(start * width, count * width).ToArray();
        return new TrainingBatch(count, b.InputLength, b.TargetLength,
            Rows(b.EncoderInputTokens, b.InputLength), Rows(b.EncoderSegmentIds, b.InputLength), Rows(b.EncoderPositions, b.InputLength),
            Rows(b.DecoderInputTokens, b.TargetLength)!, Rows(b.DecoderTargetTokens, b.TargetLength)!, Rows(b.DecoderLossWeights, b.TargetLength)!,
            Rows(b.DecoderSegmentIds, b.TargetLength), Rows(b.DecoderPositions, b.TargetLength));
    }
}
