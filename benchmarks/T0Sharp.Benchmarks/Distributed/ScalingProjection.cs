namespace T0Sharp.Benchmarks.Distributed;

/// <summary>An all-reduce cost model: bus bandwidth (bytes/s, NCCL's definition) and per-hop latency α.</summary>
public sealed record Interconnect(string Name, double BusBytesPerSecond, double LatencySeconds);

/// <summary>One projected configuration.</summary>
public sealed record ProjectedScaling(int Gpus, double ComputeSeconds, double AllReduceSeconds, int Buckets)
{
    /// <summary>Compute time over step time: this trainer sums gradients after backward, without overlap.</summary>
    public double Efficiency => ComputeSeconds / (ComputeSeconds + AllReduceSeconds);
}

/// <summary>
/// A paper projection of data-parallel scaling for T0-3B (T5 v1.1 XL + LM adaptation, Sanh et al. 2022) with T0's
/// batch: 1,024 packed rows of 1,024 input and 256 target tokens per step. Compute per GPU is the step's model
/// FLOPs (6·N·tokens for encoder and decoder separately, attention's quadratic term left out) divided over the
/// GPUs at an assumed MFU; the gradient all-reduce moves float32 buckets (as this trainer does): a ring's
/// bandwidth term 2(G−1)/G·bytes/busBW plus, per bucket, a double-binary-tree latency term 2·log2(G)·α (NCCL's
/// choice at scale). Communication is not overlapped with backward here, so efficiency = compute/(compute+comm).
/// </summary>
public static class ScalingProjection
{
    // T5 v1.1 XL: d_model 2048, 32 heads × 64, d_ff 5120 (gated GELU), 24 + 24 layers, vocabulary 32,128, untied head.
    const double EncoderParameters = 24 * (4.0 * 2048 * 2048 + 3.0 * 2048 * 5120);                 // 1.16e9
    const double DecoderParameters = 24 * (8.0 * 2048 * 2048 + 3.0 * 2048 * 5120) + 32128.0 * 2048; // 1.63e9 with the head
    public const double Parameters = EncoderParameters + DecoderParameters + 32128.0 * 2048;       // 2.85e9 with the embedding
    public const int Rows = 1024, InputTokens = 1024, TargetTokens = 256;

    /// <summary>Model FLOPs of one T0-3B training step at T0's batch.</summary>
    public static double StepFlops => 6.0 * (EncoderParameters * Rows * InputTokens + DecoderParameters * Rows * TargetTokens);

    public static ProjectedScaling Project(int gpus, double gpuFlops, double mfu, double bucketBytes, Func<int, Interconnect> interconnect)
    {
        var compute = StepFlops / (gpus * gpuFlops * mfu);
        var bytes = Parameters * sizeof(float);
        var buckets = (int)Math.Ceiling(bytes / bucketBytes);
        var link = interconnect(gpus);
        var comm = 2.0 * (gpus - 1) / gpus * bytes / link.BusBytesPerSecond + buckets * 2 * Math.Log2(gpus) * link.LatencySeconds;
        return new ProjectedScaling(gpus, compute, comm, buckets);
    }
}
