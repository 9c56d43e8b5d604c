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

    /// <summary>Task index per row (mixture task order; -1 unknown), for task-conditioned adapters. Null when absent.</summary>
    public int[]? TaskIds { get; init; }

    /// <summary>Language index per row (or Rows × 2 source/target pairs), for language-conditioned adapters. Null when absent.</summary>
    public int[]? LanguageIds { get; init; }

    /// <summary>Instruction tokens, Rows × <see cref="InstructionLength"/> right-padded with 0 (HINT-style conditioning). Null when absent.</summary>
    public int[]? InstructionTokens { get; init; }
    public int InstructionLength { get; init; }

    /// <summary>Choice batches: the example each row is an answer choice of (see the data layer's ChoiceBatchBuilder).</summary>
    public int[]? ChoiceGroups { get; init; }

    /// <summary>Choice batches: 1 on the correct choice's row, 0 on the others.</summary>
    public int[]? ChoiceLabels { get; init; }

    /// <summary>Choice batches, Rows × TargetLength: 1 on every choice's target tokens; <see cref="DecoderLossWeights"/> marks the correct one's.</summary>
    public int[]? ChoiceTokenWeights { get; init; }

    /// <summary>True for batches holding every answer choice of their examples.</summary>
    public bool HasChoices => ChoiceGroups is not null;

    /// <summary>Examples in a choice batch (the number of distinct choice groups).</summary>
    public int ChoiceExampleCount => ChoiceGroups is null ? 0 : ChoiceGroups.Distinct().Count();

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
        Len(nameof(TaskIds), TaskIds, Rows);
        if (LanguageIds is not null && LanguageIds.Length != Rows && LanguageIds.Length != 2 * Rows)
            throw new ArgumentException($"TrainingBatch.LanguageIds has {LanguageIds.Length} values, expected {Rows} or {2 * Rows}");
        Len(nameof(InstructionTokens), InstructionTokens, Rows * InstructionLength);
        Len(nameof(ChoiceGroups), ChoiceGroups, Rows);
        Len(nameof(ChoiceLabels), ChoiceLabels, Rows);
        Len(nameof(ChoiceTokenWeights), ChoiceTokenWeights, Rows * TargetLength);
        if ((ChoiceGroups is null) != (ChoiceLabels is null) || (ChoiceGroups is null) != (ChoiceTokenWeights is null))
            throw new ArgumentException("TrainingBatch: ChoiceGroups, ChoiceLabels and ChoiceTokenWeights come together");
    }
}
