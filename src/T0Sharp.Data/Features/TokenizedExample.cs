namespace T0Sharp.Data.Features;

/// <summary>
/// One tokenized task example: the ids of the rendered inputs and targets, with EOS where the
/// <see cref="EosConvention"/> puts it (t-zero's, the default: targets end with EOS = 1, inputs do not).
/// <paramref name="TaskIndex"/> is the task's index in its mixture (kept for statistics; -1 when unknown).
/// </summary>
public sealed record TokenizedExample(int[] Inputs, int[] Targets, int TaskIndex = -1);

/// <summary>
/// Sequence lengths of the model features. T0 trained with 1024 input and 256 target tokens
/// (<see cref="T0"/>). For decoder-only models the row length is <c>Inputs + Targets</c>.
/// </summary>
public sealed record FeatureLengths(int Inputs, int Targets)
{
    /// <summary>T0's lengths: 1024 encoder tokens, 256 decoder tokens.</summary>
    public static FeatureLengths T0 { get; } = new(1024, 256);

    /// <summary>Checks that both lengths are positive.</summary>
    public FeatureLengths Validate()
    {
        if (Inputs <= 0 || Targets <= 0)
            throw new ArgumentException($"feature lengths must be positive (inputs {Inputs}, targets {Targets})");
        return this;
    }
}
