using T0Sharp.Data.Features;
using T0Sharp.Data.Mixtures;
using T0Sharp.Data.Sources;
using T0Sharp.Data.Tasks;
using T0Sharp.Data.Tokenization;

namespace T0Sharp.Training.Data;

/// <summary>Where choice examples come from, epoch by epoch (the same epoch always gives the same list).</summary>
public interface IChoiceSource
{
    /// <summary>Examples per epoch.</summary>
    int Count { get; }

    IReadOnlyList<ChoiceExample> Epoch(long epoch);
}

/// <summary>A fixed list of choice examples (already rendered data), the same every epoch.</summary>
public sealed class FixedChoiceSource(IReadOnlyList<ChoiceExample> examples) : IChoiceSource
{
    public int Count => examples.Count;
    public IReadOnlyList<ChoiceExample> Epoch(long epoch) => examples;

    /// <summary>
    /// Choice examples from rendered examples that have answer choices containing their target; with
    /// <paramref name="perTask"/> &gt; 0, only the first k of each task after a seeded shuffle (few-shot sampling).
    /// Task indices follow <paramref name="taskNames"/>.
    /// </summary>
    public static FixedChoiceSource FromRendered(IReadOnlyList<RenderedExample> rendered, Func<string, int[]> encodeInput,
        Func<string, int[]> encodeTarget, IReadOnlyList<string> taskNames, int perTask, long seed)
    {
        var picked = new List<ChoiceExample>();
        foreach (var group in rendered.GroupBy(r => r.Task))
        {
            var items = group.Where(r => ChoiceLabel(r.AnswerChoices, r.Targets) >= 0).ToList();
            var order = Enumerable.Range(0, items.Count).ToArray();
            if (perTask > 0) new Random(FewShot.Seed(seed, group.Key)).Shuffle(order);
            var taskIndex = taskNames.ToList().IndexOf(group.Key);
            foreach (var i in perTask > 0 ? order.Take(perTask) : order)
            {
                var r = items[i];
                picked.Add(new ChoiceExample(encodeInput(r.Inputs), r.AnswerChoices!.Select(encodeTarget).ToArray(),
                    ChoiceLabel(r.AnswerChoices, r.Targets), taskIndex));
            }
        }
        return new FixedChoiceSource(picked);
    }

    /// <summary>Index of the choice equal to the target (both stripped), or -1; null or single-choice lists give -1.</summary>
    public static int ChoiceLabel(IReadOnlyList<string>? choices, string target) =>
        choices is { Count: > 1 } c ? c.ToList().FindIndex(x => x.Trim() == target.Trim()) : -1;
}

/// <summary>
/// Few-shot sampling as T-Few does it: k rows per dataset of a mixture (a seeded choice among the rows that some
/// template of the dataset renders with answer choices containing the target), each rendered, every epoch, with a
/// template drawn at random among the dataset's templates in the mixture (seeded by seed, epoch and row). The task
/// index of an example is its template's index in the mixture, so task-conditioned adapters see which prompt it was.
/// </summary>
public sealed class FewShotChoiceSource : IChoiceSource
{
    readonly List<(SourceRow Row, int[] Components)> _rows = [];
    readonly IReadOnlyList<MixtureComponent> _components;
    readonly Func<string, int[]> _encodeInput, _encodeTarget;
    readonly long _seed;

    public FewShotChoiceSource(Mixture mixture, DatasetDirectory data, int perDataset, long seed,
        Func<string, int[]> encodeInput, Func<string, int[]> encodeTarget)
    {
        if (perDataset <= 0) throw new ArgumentOutOfRangeException(nameof(perDataset), "few-shot needs k > 0 examples per dataset");
        _components = mixture.Components;
        _encodeInput = encodeInput;
        _encodeTarget = encodeTarget;
        _seed = seed;
        foreach (var dataset in _components.Select((c, i) => (c, i)).GroupBy(x => (x.c.Task.DatasetKey, x.c.Task.Split)))
        {
            var first = dataset.First().c.Task;
            var source = data.Open(first.Dataset, first.Subset, first.Split);
            if (source is null) continue;
            var rows = source.Read().ToList();
            var order = Enumerable.Range(0, rows.Count).ToArray();
            new Random(FewShot.Seed(seed, dataset.Key.DatasetKey)).Shuffle(order);
            var taken = 0;
            foreach (var i in order)
            {
                if (taken == perDataset) break;
                var usable = dataset.Where(x => Render(x.c.Task, rows[i], 0) is not null).Select(x => x.i).ToArray();
                if (usable.Length == 0) continue;
                _rows.Add((rows[i], usable));
                taken++;
            }
        }
        if (_rows.Count == 0) throw new InvalidOperationException($"mixture {mixture.Name}: no row renders with answer choices that contain its target; few-shot choice training needs such templates");
    }

    public int Count => _rows.Count;

    public IReadOnlyList<ChoiceExample> Epoch(long epoch)
    {
        var list = new List<ChoiceExample>(_rows.Count);
        for (var r = 0; r < _rows.Count; r++)
        {
            var (row, usable) = _rows[r];
            var pick = usable[new Random(FewShot.Seed(_seed, $"{epoch}/{r}")).Next(usable.Length)];
            var task = _components[pick].Task;
            var ex = Render(task, row, epoch) ?? Render(task, row, 0)!; // a template that renders once renders every time for the same row
            list.Add(new ChoiceExample(_encodeInput(ex.Inputs), ex.AnswerChoices!.Select(_encodeTarget).ToArray(),
                FixedChoiceSource.ChoiceLabel(ex.AnswerChoices, ex.Targets), pick));
        }
        return list;
    }

    static TaskExample? Render(ITask task, SourceRow row, long epoch)
    {
        var ex = task.Process(row, 0, epoch);
        return ex is not null && FixedChoiceSource.ChoiceLabel(ex.AnswerChoices, ex.Targets) >= 0 ? ex : null;
    }
}

/// <summary>Seeds for few-shot sampling: stable across runs and platforms (string hash codes are not).</summary>
internal static class FewShot
{
    public static int Seed(long seed, string key)
    {
        ulong h = 14695981039346656037UL ^ (ulong)seed;
        foreach (var ch in key) h = (h ^ ch) * 1099511628211UL;
        return (int)(h & 0x7FFFFFFF);
    }
}
