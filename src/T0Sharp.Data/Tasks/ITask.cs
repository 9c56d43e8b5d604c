using T0Sharp.Data.Sources;

namespace T0Sharp.Data.Tasks;

/// <summary>
/// A seqio-style Task as mixtures see it: a name, where its records come from, and a pure function from a record to
/// a prompted example. Promptsource and FLAN-style templates over a dataset folder are <see cref="PromptTask"/>s,
/// Super-NaturalInstructions task files are <see cref="SuperNi.SuperNiTask"/>s and k-shot prompting wraps any of them
/// (<see cref="FewShot.FewShotTask"/>), so all of them mix in one <see cref="Mixtures.Mixture"/>.
/// Implementations are immutable and thread-safe; <see cref="Process"/> gives the same example for the same
/// (record, stream seed, epoch), whatever the thread or order.
/// </summary>
public interface ITask
{
    /// <summary>The task's unique name in a mixture (t-zero's naming for promptsource tasks).</summary>
    string Name { get; }

    /// <summary>Dataset name (for Super-NI: "natural_instructions").</summary>
    string Dataset { get; }

    /// <summary>Dataset config, or null (for Super-NI: the task file's name, e.g. "task020_mctaco_span_based_question").</summary>
    string? Subset { get; }

    /// <summary>The split read (e.g. "train", "validation").</summary>
    string Split { get; }

    /// <summary>"dataset/subset" or "dataset".</summary>
    string DatasetKey => Subset == null ? Dataset : Dataset + "/" + Subset;

    /// <summary>The task's records, or null when they are not available under <paramref name="data"/>.</summary>
    IExampleSource? Open(DatasetDirectory data);

    /// <summary>Number of records (0 when missing).</summary>
    long CountRows(DatasetDirectory data);

    /// <summary>
    /// The prompted example of a record, or null when the task drops it. Random choices draw from RNGs seeded
    /// with <see cref="RenderSeed.Of"/>(<paramref name="streamSeed"/>, <see cref="Name"/>, record index, <paramref name="epoch"/>).
    /// </summary>
    TaskExample? Process(SourceRow row, long streamSeed, long epoch);

    /// <summary>The same task reading another split (validation for checkpoint selection), or null when it has none.</summary>
    ITask? WithSplit(string split);
}
