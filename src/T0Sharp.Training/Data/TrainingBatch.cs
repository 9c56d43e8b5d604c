namespace T0Sharp.Training.Data;

/// <summary>
/// One micro-batch of model features, row-major flat int arrays as the data layer's feature converters
/// produce them. Encoder-decoder: encoder arrays are Rows × InputLength and decoder arrays Rows × TargetLength.
/// Decoder-only: the encoder arrays are null, InputLength is 0 and the decoder arrays hold the whole
/// (input + target) sequence, with loss weights on the target part only. Segment ids (1-based, 0 = padding)
/// and positions are present when examples are packed; null otherwise.
/// </summary>
public sealed record TrainingBatch(
    int Rows, int InputLength, int TargetLength,
    int[]? EncoderInputTokens, int[]? EncoderSegmentIds, int[]? EncoderPositions,
    int[] DecoderInputTokens, int[] DecoderTargetTokens, int[] DecoderLossWeights,
    int[]? DecoderSegmentIds, int[]? DecoderPositions)
{
    public bool IsEncoderDecoder => EncoderInputTokens is not null;

    /// <summary>Target tokens that carry loss.</summary>
    public long LossTokens => DecoderLossWeights.LongCount(w => w > 0);

    /// <summary>Non-padding input tokens (encoder side; for decoder-only, the non-padding decoder tokens).</summary>
    public long InputTokens => (EncoderInputTokens ?? DecoderInputTokens).LongCount(t => t != 0);

    /// <summary>Checks array lengths; a mismatch is a bug in the producer, reported clearly.</summary>
    public void Validate()
    {
        void Len(string name, int[]? a, int expected)
        {
            if (a is not null && a.Length != expected)
                throw new ArgumentException($"TrainingBatch.{name} has {a.Length} values, expected {Rows} rows × {expected / Math.Max(1, Rows)} = {expected}");
        }
        Len(nameof(EncoderInputTokens), EncoderInputTokens, Rows * InputLength);
        Len(nameof(EncoderSegmentIds), EncoderSegmentIds, Rows * InputLength);
        Len(nameof(EncoderPositions), EncoderPositions, Rows * InputLength);
        Len(nameof(DecoderInputTokens), DecoderInputTokens, Rows * TargetLength);
        Len(nameof(DecoderTargetTokens), DecoderTargetTokens, Rows * TargetLength);
        Len(nameof(DecoderLossWeights), DecoderLossWeights, Rows * TargetLength);
        Len(nameof(DecoderSegmentIds), DecoderSegmentIds, Rows * TargetLength);
        Len(nameof(DecoderPositions), DecoderPositions, Rows * TargetLength);
    }
}
