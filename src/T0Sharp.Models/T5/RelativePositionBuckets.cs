using static TorchSharp.torch;

namespace T0Sharp.Models.T5;

/// <summary>
/// T5's relative-position buckets: half the buckets (encoder: per direction) hold exact distances below
/// num_buckets/2 (or /4 bidirectionally), the rest are log-spaced up to max_distance, beyond which all share the last
/// bucket. The decoder is unidirectional: keys after the query fall in bucket 0. Computed with the same fp32
/// operations as Hugging Face so that bucket boundaries agree exactly.
/// </summary>
public static class RelativePositionBuckets
{
    /// <param name="relativePosition">key position - query position, int64, any shape.</param>
    public static Tensor Compute(Tensor relativePosition, bool bidirectional, int numBuckets, int maxDistance)
    {
        using var scope = NewDisposeScope();
        var buckets = zeros_like(relativePosition);
        var rp = relativePosition;
        if (bidirectional)
        {
            numBuckets /= 2;
            buckets = buckets.Plus(rp.Above(0).to(ScalarType.Int64).Times(numBuckets));
            rp = rp.abs();
        }
        else
        {
            rp = rp.AtMost(0).neg();
        }
        int maxExact = numBuckets / 2;
        var isSmall = rp.Below(maxExact);
        var large = rp.to(ScalarType.Float32).Over(maxExact).log()
            .Over(Math.Log(maxDistance / (double)maxExact))
            .Times(numBuckets - maxExact)
            .to(ScalarType.Int64)
            .Plus(maxExact)
            .AtMost(numBuckets - 1);
        return buckets.Plus(where(isSmall, rp, large)).MoveToOuterDisposeScope();
    }
}
