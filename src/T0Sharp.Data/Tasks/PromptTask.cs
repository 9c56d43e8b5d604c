using T0Sharp.Data.Sources;

namespace T0Sharp.Data.Tasks;

/// <summary>
/// A seqio-style Task: (dataset, subset, split, template) producing inputs, targets and answer choices.
/// Its preprocessing is t-zero's: rename top-level keys with '-' to '_' (<see cref="ExampleValues.RenameHyphens"/>),
/// apply the template with truncation, keep the example only when the template yields exactly two parts and
/// a non-empty input, and replace an empty target with "&lt;NO LABEL&gt;".
/// </summary>
public sealed class PromptTask : ITask
{
    public PromptTask(string dataset, string? subset, string split, ITaskTemplate template, string? name = null)
    {
        Dataset = dataset; Subset = string.IsNullOrEmpty(subset) ? null : subset; Split = split; Template = template;
        Name = name ?? TaskNames.Get(dataset, Subset, template.Name);
    }

    /// <summary>t-zero's task name (see <see cref="TaskNames.Get"/>).</summary>
    public string Name { get; }

    public string Dataset { get; }
    public string? Subset { get; }

    /// <summary>The split file this task reads (e.g. "train", "validation", "dev_r1").</summary>
    public string Split { get; }

    public ITaskTemplate Template { get; }

    /// <summary>"dataset/subset" or "dataset".</summary>
    public string DatasetKey => Subset == null ? Dataset : Dataset + "/" + Subset;

    /// <summary>The task example for a source record, or null when t-zero would drop it.</summary>
    public TaskExample? Process(IReadOnlyDictionary<string, object?> values, long seed)
    {
        var example = values is OrderedDictionary<string, object?> od ? ExampleValues.RenameHyphens(od) : values;
        var output = Template.Apply(example, seed);
        if (output.Parts.Count != 2) return null;
        var inputs = output.Parts[0];
        var targets = output.Parts[1].Length == 0 ? TaskExample.NoLabel : output.Parts[1];
        if (inputs.Length == 0) return null;
        return new TaskExample(inputs, targets, output.AnswerChoices is { Count: > 0 } c ? c : null);
    }

    /// <summary>Renders a record of this task's split with the per-render seed of <see cref="RenderSeed"/>.</summary>
    public TaskExample? Process(SourceRow row, long streamSeed, long epoch) =>
        Process(row.Values, RenderSeed.Of(streamSeed, Name, row.Index, epoch));

    public IExampleSource? Open(DatasetDirectory data) => data.Open(Dataset, Subset, Split);

    public long CountRows(DatasetDirectory data) => data.CountRows(Dataset, Subset, Split);

    /// <summary>The same template over another split of the same dataset, under the same name.</summary>
    public ITask? WithSplit(string split) => new PromptTask(Dataset, Subset, split, Template, Name);

    public override string ToString() => Name;
}
