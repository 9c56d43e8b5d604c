using T0Sharp.Training.Data;
using T0Sharp.Training.Options;

namespace T0Sharp.Training.Loop;

/// <summary>
/// Per-token loss weights for all micro-batches of one optimizer step, so that the step's loss is
/// sum(weight × token cross-entropy) whatever the gradient-accumulation split (as T5X's loss normalizing
/// factors do): token_mean divides by the step's loss-token count; token_sum keeps the raw sum;
/// sequence_mean gives each sequence (each packed segment, or each row when unpacked) weight 1/its length,
/// then divides by the number of sequences in the step (mT0's AVERAGE_PER_SEQUENCE).
/// </summary>
public static class LossWeights
{
    public static float[][] Compute(IReadOnlyList<TrainingBatch> step, LossNormalization normalization)
    {
        var result = new float[step.Count][];
        switch (normalization)
        {
            case LossNormalization.TokenSum:
                for (var i = 0; i < step.Count; i++) result[i] = step[i].DecoderLossWeights.Select(w => (float)w).ToArray();
                return result;
            case LossNormalization.TokenMean:
            {
                double total = step.Sum(b => (double)b.DecoderLossWeights.Sum(w => (long)w));
                var scale = total > 0 ? 1.0 / total : 0.0;
                for (var i = 0; i < step.Count; i++) result[i] = step[i].DecoderLossWeights.Select(w => (float)(w * scale)).ToArray();
                return result;
            }
            case LossNormalization.SequenceMean:
            {
                var perBatch = step.Select(SegmentTokenCounts).ToList();
                var sequences = perBatch.Sum(d => d.Count);
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
