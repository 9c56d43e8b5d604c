namespace T0Sharp.Data.Features;

/// <summary>
/// A batch of encoder-decoder (T5/T0) model features, seqio's names, each a row-major flat array.
/// Encoder arrays have shape (<see cref="Rows"/>, <see cref="InputLength"/>); decoder arrays have shape
/// (<see cref="Rows"/>, <see cref="TargetLength"/>); element (r, t) is at index <c>r * length + t</c>.
/// Padding is 0 everywhere (token id 0 = &lt;pad&gt;, segment 0 = padding).
/// <list type="bullet">
/// <item><see cref="EncoderInputTokens"/>: the inputs' ids, packed examples one after another.</item>
/// <item><see cref="EncoderSegmentIds"/>: 1, 2, 3... for the 1st, 2nd, 3rd example in the row; 0 on padding.
/// Attention is allowed only between positions with the same non-zero segment id.</item>
/// <item><see cref="EncoderPositions"/>: position of each token inside its own example (restarts at 0).</item>
/// <item><see cref="DecoderTargetTokens"/>: the targets' ids (what the decoder must predict).</item>
/// <item><see cref="DecoderInputTokens"/>: the targets shifted right by one inside each example, starting
/// with the decoder start id (0 for T5), so position t sees targets &lt; t only.</item>
/// <item><see cref="DecoderLossWeights"/>: 1 on real target tokens, 0 on padding.</item>
/// <item><see cref="DecoderSegmentIds"/>, <see cref="DecoderPositions"/>: as the encoder's, for the targets;
/// segment k of the decoder cross-attends to segment k of the encoder only.</item>
/// </list>
/// Unpacked batches hold one example per row (segment id 1) and use the same arrays.
/// </summary>
public sealed record EncDecBatch(
    int Rows,
    int InputLength,
    int TargetLength,
    int[] EncoderInputTokens,
    int[] EncoderSegmentIds,
    int[] EncoderPositions,
    int[] DecoderInputTokens,
    int[] DecoderTargetTokens,
    int[] DecoderLossWeights,
    int[] DecoderSegmentIds,
    int[] DecoderPositions)
{
    /// <summary>Number of examples in the batch (sum over rows of the number of segments).</summary>
    public int ExampleCount { get; init; }

    /// <summary>Per-row task ids and, for choice batches, choice groups, labels and token weights.</summary>
    public BatchMetadata Metadata { get; init; } = BatchMetadata.None;

    /// <summary>Non-padding encoder tokens.</summary>
    public int InputTokenCount => EncoderSegmentIds.Count(s => s != 0);

    /// <summary>Non-padding decoder tokens (= tokens that carry loss).</summary>
    public int TargetTokenCount => DecoderLossWeights.Sum();
}
