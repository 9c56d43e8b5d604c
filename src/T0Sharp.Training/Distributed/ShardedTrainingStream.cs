using T0Sharp.Training.Data;

namespace T0Sharp.Training.Distributed;

/// <summary>
/// This process's share of a stream read by all processes: each call reads the next <c>rows × size</c> rows
/// from the shared stream (the same on every process, from the same seed and position) and keeps rows
/// <c>[rank·rows, (rank+1)·rows)</c>. So the processes' shares are disjoint and together are exactly the rows one
/// process would read with micro-batches of <c>rows × size</c> (packing included: rows are packed before they
/// are split), and the position, saved by rank 0, is the shared stream's: a run resumes exactly with any
/// number of processes. Each process runs the data pipeline for the whole step; its cost is small beside the
/// model's (see <c>t0sharp bench data</c>). Choice batches count examples, not rows: a process keeps the rows
/// of examples <c>[rank·n, (rank+1)·n)</c>, so an example's choices stay together.
/// </summary>
public sealed class ShardedTrainingStream(ITrainingStream shared, int rank, int size) : ITrainingStream
{
    public ITrainingStream Shared => shared;

    /// <param name="rows">Rows of this process's share (examples, for choice batches).</param>
    public TrainingBatch Next(int rows)
    {
        var all = shared.Next(rows * size);
        return all.HasChoices ? SliceExamples(all, rank * rows, rows) : Slice(all, rank * rows, rows);
    }

    public string SaveState() => shared.SaveState();

    public void RestoreState(string json) => shared.RestoreState(json);

    /// <summary>Rows <c>[start, start+count)</c> of a batch with every per-row array (copies; choice groups renumbered from 0).</summary>
    public static TrainingBatch Slice(TrainingBatch b, int start, int count)
    {
        if (start < 0 || count < 0 || start + count > b.Rows)
            throw new ArgumentOutOfRangeException(nameof(start), $"rows [{start}, {start + count}) are outside a batch of {b.Rows} rows");
        int[]? Rows(int[]? a, int width) => a?.AsSpan(start * width, count * width).ToArray();
        var languageWidth = b.LanguageIds is null || b.Rows == 0 ? 1 : b.LanguageIds.Length / b.Rows; // per row, or source/target pairs
        var groups = Rows(b.ChoiceGroups, 1);
        if (groups is { Length: > 0 })
        {
            var first = groups[0];
            for (var i = 0; i < groups.Length; i++) groups[i] -= first;
        }
        return new TrainingBatch(count, b.InputLength, b.TargetLength,
            Rows(b.EncoderInputTokens, b.InputLength), Rows(b.EncoderSegmentIds, b.InputLength), Rows(b.EncoderPositions, b.InputLength),
            Rows(b.DecoderInputTokens, b.TargetLength)!, Rows(b.DecoderTargetTokens, b.TargetLength)!, Rows(b.DecoderLossWeights, b.TargetLength)!,
            Rows(b.DecoderSegmentIds, b.TargetLength), Rows(b.DecoderPositions, b.TargetLength))
        {
            TaskIds = Rows(b.TaskIds, 1),
            LanguageIds = Rows(b.LanguageIds, languageWidth),
            InstructionTokens = Rows(b.InstructionTokens, b.InstructionLength),
            InstructionLength = b.InstructionLength,
            ChoiceGroups = groups,
            ChoiceLabels = Rows(b.ChoiceLabels, 1),
            ChoiceTokenWeights = Rows(b.ChoiceTokenWeights, b.TargetLength),
        };
    }

    /// <summary>The rows of examples <c>[start, start+count)</c> of a choice batch (its examples are numbered in row order).</summary>
    public static TrainingBatch SliceExamples(TrainingBatch b, int start, int count)
    {
        var groups = b.ChoiceGroups ?? throw new ArgumentException("not a choice batch");
        var distinct = groups.Distinct().ToList();
        if (start < 0 || count < 0 || start + count > distinct.Count)
            throw new ArgumentOutOfRangeException(nameof(start), $"examples [{start}, {start + count}) are outside a batch of {distinct.Count} examples");
        var first = Array.IndexOf(groups, distinct[start]);
        var end = start + count < distinct.Count ? Array.IndexOf(groups, distinct[start + count]) : b.Rows;
        return Slice(b, first, end - first);
    }
}
