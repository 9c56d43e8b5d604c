using T0Sharp.Data.Features;

namespace T0Sharp.Training.Data;

/// <summary>Converts the data layer's feature-converter batches into <see cref="TrainingBatch"/> (same arrays, no copies).</summary>
public static class BatchConversion
{
    public static TrainingBatch From(EncDecBatch b) => WithMetadata(new(
        b.Rows, b.InputLength, b.TargetLength,
        b.EncoderInputTokens, b.EncoderSegmentIds, b.EncoderPositions,
        b.DecoderInputTokens, b.DecoderTargetTokens, b.DecoderLossWeights, b.DecoderSegmentIds, b.DecoderPositions), b.Metadata);

    public static TrainingBatch From(DecoderOnlyBatch b) => WithMetadata(new(
        b.Rows, 0, b.Length, null, null, null,
        b.DecoderInputTokens, b.DecoderTargetTokens, b.DecoderLossWeights, b.DecoderSegmentIds, b.DecoderPositions), b.Metadata);

    static TrainingBatch WithMetadata(TrainingBatch t, BatchMetadata m) => t with
    {
        TaskIds = m.RowTaskIds,
        ChoiceGroups = m.ChoiceGroups,
        ChoiceLabels = m.ChoiceLabels,
        ChoiceTokenWeights = m.ChoiceTokenWeights,
    };
}
