using T0Sharp.Training.Data;
using T0Sharp.Training.Options;

namespace T0Sharp.Training.Loop;

/// <summary>
/// Per-token loss weights for all micro-batches of one optimizer step, so that the step's loss is
/// sum(weight × token cross-entropy) whatever the gradient-accumulation split (as T5X's loss normalizing
/// factors do): token_mean divides by the step's loss-token count; token_sum keeps the raw sum;
/// sequence_mean gives each sequence (each packed segment, or each row when unpacked) weight 1/its length,
/// then divides by the number of sequences in the step (mT0's AVERAGE_PER_SEQUENCE). In data-parallel training
/// the step is spread over processes: the denominators are the whole step's <see cref="TokenCounts"/>, summed over
/// all processes, so that every process weighs its tokens exactly as one process holding the whole step would.
/// </summary>
public static class LossWeights
{
    /// <summary>Weights for a step held entirely by this process.</summary>
    public static float[][] Compute(IReadOnlyList<TrainingBatch> step, LossNormalization normalization) =>
        Compute(step, normalization, Count(step));

    /// <summary>The counts of this process's share of a step (the denominators' local part).</summary>
    public static TokenCounts Count(IReadOnlyList<TrainingBatch> step) => new(
        step.Sum(b => b.DecoderLossWeights.Sum(w => (long)w)),
        step.Sum(SequenceCount),
        step.Sum(b => b.LossTokens),
        step.Sum(b => b.InputTokens));

    /// <summary>Weights for this process's share <paramref name="step"/> of a step whose whole counts are <paramref name="whole"/>.</summary>
    public static float[][] Compute(IReadOnlyList<TrainingBatch> step, LossNormalization normalization, TokenCounts whole)
    {
        var result = new float[step.Count][];
        switch (normalization)
        {
            case LossNormalization.TokenSum:
                for (var i = 0; i < step.Count; i++) result[i] = step[i].DecoderLossWeights.Select(w => (float)w).ToArray();
                return result;
            case LossNormalization.TokenMean:
            {
                double total = whole.LossWeightSum;
                var scale = total > 0 ? 1.0 / total : 0.0;
                for (var i = 0; i < step.Count; i++) result[i] = step[i].DecoderLossWeights.Select(w => (float)(w * scale)).ToArray();
                return result;
            }
            case LossNormalization.SequenceMean:
            {
                var perBatch = step.Select(SegmentTokenCounts).ToList();
                var sequences = whole.Sequences;
                for (var i = 0; i < step.Count; i++)
                {
                    var b = step[i];
                    var counts = perBatch[i];
                    var w = new float[b.DecoderLossWeights.Length];
                    for (var t = 0; t < w.Length; t++)
                    {
                        if (b.DecoderLossWeights[t] == 0) continue;
                        var key = SegmentKey(b, t);
                        w[t] = (float)(b.DecoderLossWeights[t] / ((double)counts[key] * sequences));
                    }
                    result[i] = w;
                }
                return result;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(normalization), normalization, null);
        }
    }

    // A sequence is (row, segment id) when packed, the row otherwise.
    static long SegmentKey(TrainingBatch b, int flatIndex)
    {
        var row = flatIndex / b.TargetLength;
        var seg = b.DecoderSegmentIds?[flatIndex] ?? 1;
        return ((long)row << 32) | (uint)seg;
    }

    // The number of distinct (row, segment) pairs with loss, without a dictionary (this runs on every step).
    static long SequenceCount(TrainingBatch b)
    {
        long n = 0;
        var seen = new bool[b.TargetLength + 2];
        for (var row = 0; row < b.Rows; row++)
        {
            Array.Clear(seen);
            for (var t = row * b.TargetLength; t < (row + 1) * b.TargetLength; t++)
            {
                if (b.DecoderLossWeights[t] == 0) continue;
                var seg = b.DecoderSegmentIds?[t] ?? 1;
                if ((uint)seg >= (uint)seen.Length) return SegmentTokenCounts(b).Count; // ids beyond the row length: count exactly
                if (!seen[seg]) { seen[seg] = true; n++; }
            }
        }
        return n;
    }

    static Dictionary<long, long> SegmentTokenCounts(TrainingBatch b)
    {
        var counts = new Dictionary<long, long>();
        for (var t = 0; t < b.DecoderLossWeights.Length; t++)
        {
            var w = b.DecoderLossWeights[t];
            if (w == 0) continue;
            var key = SegmentKey(b, t);
            counts[key] = counts.GetValueOrDefault(key) + w;
        }
        return counts;
    }
}

/// <summary>
/// The sizes that normalise a step's loss, and its token counts for metrics: the sum of loss weights
/// (token_mean's denominator), the number of sequences (sequence_mean's; packed segments count), target tokens
/// that carry loss, and non-padding input tokens. Counts of several processes add up.
/// </summary>
public sealed record TokenCounts(long LossWeightSum, long Sequences, long LossTokens, long InputTokens)
{
    public long[] ToArray() => [LossWeightSum, Sequences, LossTokens, InputTokens];
    public static TokenCounts FromArray(ReadOnlySpan<long> v) => new(v[0], v[1], v[2], v[3]);
}
