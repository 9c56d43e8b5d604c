using T0Sharp.Data.Sources;
using T0Sharp.Data.Tasks;

namespace T0Sharp.Data.Flipped;

/// <summary>
/// A prompted classification task turned around for Flipped Learning (see <see cref="FlippedFormat"/>): for each
/// record the template is rendered (same seed, same random choices as the plain task) into its answer choices, its
/// target and its input split into fields and instruction. <see cref="Process"/> gives the likelihood example
/// (input and correct label in the encoder, instruction as the target: what the LM term of the Flipped objective
/// trains on); <see cref="ProcessFlipped"/> gives every label's input, for the unlikelihood term and for scoring.
/// Records without answer choices, whose target is not among them, or whose input has no instruction span are dropped.
/// </summary>
public sealed class FlippedTask(PromptTask inner, FlippedFormat? format = null, string? name = null) : ITask
{
    public PromptTask Inner => inner;
    public FlippedFormat Format { get; } = format ?? FlippedFormat.Default;
    public string Name { get; } = name ?? inner.Name + "_flipped";
    public string Dataset => inner.Dataset;
    public string? Subset => inner.Subset;
    public string Split => inner.Split;

    public IExampleSource? Open(DatasetDirectory data) => inner.Open(data);
    public long CountRows(DatasetDirectory data) => inner.CountRows(data);
    public ITask? WithSplit(string split) => inner.WithSplit(split) is PromptTask t ? new FlippedTask(t, Format, Name) : null;

    public TaskExample? Process(SourceRow row, long streamSeed, long epoch) =>
        ProcessFlipped(row, streamSeed, epoch) is { Label: >= 0 } f
            ? new TaskExample(f.Inputs[f.Label], f.Instruction, f.Choices)
            : null;

    /// <summary>The flipped example of a record (rendered with the plain task's seed), or null when it cannot be flipped.</summary>
    public FlippedExample? ProcessFlipped(SourceRow row, long streamSeed, long epoch) =>
        Flip(inner, row.Values, RenderSeed.Of(streamSeed, inner.Name, row.Index, epoch), Format);

    /// <summary>Renders <paramref name="values"/> with <paramref name="task"/>'s template and flips it; null when it cannot be flipped.</summary>
    public static FlippedExample? Flip(PromptTask task, IReadOnlyDictionary<string, object?> values, long seed, FlippedFormat format)
    {
        if (task.Template is not IInstructionTemplate split) return null;
        var example = task.Process(values, seed);
        if (example?.AnswerChoices is not { Count: > 1 } choices) return null;
        var label = example.IsUnlabeled ? -1 : IndexOf(choices, example.Targets);
        if (!example.IsUnlabeled && label < 0) return null;
        var named = values is OrderedDictionary<string, object?> od ? ExampleValues.RenameHyphens(od) : values;
        var segments = split.Segments(named, seed);
        return segments == null ? null : format.Build(segments, choices, label);
    }

    static int IndexOf(IReadOnlyList<string> choices, string target)
    {
        var t = target.Trim();
        for (int i = 0; i < choices.Count; i++) if (choices[i].Trim() == t) return i;
        return -1;
    }

    public override string ToString() => Name;
}
