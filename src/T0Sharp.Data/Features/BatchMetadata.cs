namespace T0Sharp.Data.Features;

/// <summary>
/// What a batch carries beside its token arrays, for task-conditioned adapters and rank-classification objectives.
/// Every array is per row unless said otherwise; null when absent.
/// </summary>
/// <param name="RowTaskIds">Mixture task index of each row's example(s); -1 when unknown or when a packed row mixes tasks.</param>
/// <param name="ChoiceGroups">Choice batches: the example (0-based within the batch) each row is a choice of.</param>
/// <param name="ChoiceLabels">Choice batches: 1 on the row of the correct choice, 0 on the others.</param>
/// <param name="ChoiceTokenWeights">Choice batches, (Rows, TargetLength): 1 on every choice's target tokens (correct or
/// not); the loss weights mark the correct choice's tokens only.</param>
public sealed record BatchMetadata(int[]? RowTaskIds = null, int[]? ChoiceGroups = null, int[]? ChoiceLabels = null, int[]? ChoiceTokenWeights = null)
{
    public static BatchMetadata None { get; } = new();

    /// <summary>Per-row task ids from each row's segment task indices (-1 where a row has none or several).</summary>
    public static int[] RowTasks(IReadOnlyList<List<int>> tasksPerRow) =>
        tasksPerRow.Select(t => t.Count > 0 && t.All(x => x == t[0]) ? t[0] : -1).ToArray();
}

/// <summary>
/// One example for objectives that score every answer choice (T-Few's unlikelihood and length-normalised losses,
/// Flipped Learning): the tokenized input, each choice's tokens and the index of the correct one.
/// </summary>
public sealed record ChoiceExample(int[] Inputs, int[][] Choices, int Label, int TaskIndex = -1)
{
    /// <summary>
    /// Per-row encoder inputs, or null when every row reads <see cref="Inputs"/>. Flipped Learning sets them: the label
    /// moves into the encoder (row c reads the input with label c) and every row's target is the same instruction.
    /// </summary>
    public int[][]? RowInputs { get; init; }

    /// <summary>Row <paramref name="c"/>'s encoder input.</summary>
    public int[] InputOf(int c) => RowInputs?[c] ?? Inputs;

    public void Validate()
    {
        if (Choices.Length < 2) throw new ArgumentException($"a choice example needs at least two choices (got {Choices.Length})");
        if (Label < 0 || Label >= Choices.Length) throw new ArgumentException($"choice label {Label} is outside 0..{Choices.Length - 1}");
        if (RowInputs is not null && RowInputs.Length != Choices.Length)
            throw new ArgumentException($"a choice example has {RowInputs.Length} row inputs for {Choices.Length} choices");
    }
}
