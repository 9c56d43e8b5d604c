namespace T0Sharp.Data.Features;

/// <summary>
/// A batch of decoder-only (BLOOM-style causal LM) model features: each example is its inputs followed by
/// its targets, and only the targets carry loss. Every array has shape (<see cref="Rows"/>, <see cref="Length"/>),
/// row-major (element (r, t) at <c>r * Length + t</c>); padding is 0 with segment id 0.
/// <list type="bullet">
/// <item><see cref="DecoderInputTokens"/>: what the model reads at each position.</item>
/// <item><see cref="DecoderTargetTokens"/>: what it must predict at that position (the next token of the
/// same example). Without a BOS id, inputs are <c>seq[0..n-2]</c> and targets <c>seq[1..n-1]</c> (Hugging Face's
/// causal-LM shift, an example of n tokens takes n-1 positions); with a BOS id, inputs are <c>[bos] + seq[0..n-2]</c>
/// and targets <c>seq</c> (seqio's shift right, n positions).</item>
/// <item><see cref="DecoderLossWeights"/>: 1 where the target token belongs to the example's targets, else 0.</item>
/// <item><see cref="DecoderSegmentIds"/>: 1, 2, ... per packed example, 0 on padding; causal attention must
/// also stay inside one segment.</item>
/// <item><see cref="DecoderPositions"/>: position inside the example (restarts at 0; ALiBi/rotary use it).</item>
/// <item><see cref="InputsMask"/>: 1 where the position's input token is part of the example's inputs (prompt),
/// for prefix-LM attention; 0 on target positions and padding.</item>
/// </list>
/// </summary>
public sealed record DecoderOnlyBatch(
    int Rows,
    int Length,
    int[] DecoderInputTokens,
    int[] DecoderTargetTokens,
    int[] DecoderLossWeights,
    int[] DecoderSegmentIds,
    int[] DecoderPositions,
    int[] InputsMask)
{
    /// <summary>Number of examples in the batch.</summary>
    public int ExampleCount { get; init; }

    /// <summary>Per-row task ids and, for choice batches, choice groups, labels and token weights.</summary>
    public BatchMetadata Metadata { get; init; } = BatchMetadata.None;

    /// <summary>Non-padding positions.</summary>
    public int TokenCount => DecoderSegmentIds.Count(s => s != 0);
}
