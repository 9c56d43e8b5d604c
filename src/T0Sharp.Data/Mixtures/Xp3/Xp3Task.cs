using T0Sharp.Data.Sources;
using T0Sharp.Data.Tasks;

namespace T0Sharp.Data.Mixtures.Xp3;

/// <summary>
/// One xP3 task: a promptsource template over one split of one dataset config, tagged with the language folder xP3
/// files it under, and capped as xP3 caps every (dataset, prompt): when the split has more than <see cref="Cap"/>
/// records, a seeded shuffle keeps <see cref="Cap"/> of them (<see cref="KeptIndices"/>); the others are never read.
/// </summary>
public sealed class Xp3Task : ITask
{
    readonly PromptTask _inner;
    readonly long _shuffleSeed;

    public Xp3Task(PromptTask inner, string language, long cap, long shuffleSeed)
    {
        if (cap <= 0) throw new ArgumentOutOfRangeException(nameof(cap), "the cap must be positive");
        _inner = inner; Language = language; Cap = cap; _shuffleSeed = shuffleSeed;
    }

    /// <summary>The language folder (a row of language_weights.csv: "en", "zh", "code"...).</summary>
    public string Language { get; }

    /// <summary>Most records kept from the split (xP3: 100,000).</summary>
    public long Cap { get; }

    public PromptTask Prompt => _inner;
    public string Name => _inner.Name;
    public string Dataset => _inner.Dataset;
    public string? Subset => _inner.Subset;
    public string Split => _inner.Split;

    public IExampleSource? Open(DatasetDirectory data)
    {
        var source = _inner.Open(data);
        if (source == null) return null;
        long rows = _inner.CountRows(data);
        return rows <= Cap ? source : new SubsetSource(source, KeptIndices(rows, Cap, _shuffleSeed, Name));
    }

    /// <summary>min(records in the split, cap).</summary>
    public long CountRows(DatasetDirectory data) => Math.Min(_inner.CountRows(data), Cap);

    public TaskExample? Process(SourceRow row, long streamSeed, long epoch) => _inner.Process(row, streamSeed, epoch);

    public ITask? WithSplit(string split) => new Xp3Task((PromptTask)_inner.WithSplit(split)!, Language, Cap, _shuffleSeed);

    /// <summary>
    /// The records a shuffle keeps: the first <paramref name="cap"/> positions of a Fisher–Yates permutation of
    /// 0..rows-1 drawn from SplitMix64 seeded with <c>RenderSeed.Of(seed, task, 0, 0)</c>, sorted. Memory is O(cap).
    /// </summary>
    public static long[] KeptIndices(long rows, long cap, long seed, string taskName)
    {
        if (rows <= cap) { var all = new long[rows]; for (long i = 0; i < rows; i++) all[i] = i; return all; }
        var rng = new SplitMix64((ulong)RenderSeed.Of(seed, taskName, 0, 0));
        var swapped = new Dictionary<long, long>();
        var kept = new long[cap];
        for (long i = 0; i < cap; i++)
        {
            long j = i + (long)(rng.NextDouble() * (rows - i));
            long atJ = swapped.TryGetValue(j, out var v) ? v : j;
            long atI = swapped.TryGetValue(i, out var w) ? w : i;
            swapped[j] = atI;
            kept[i] = atJ;
        }
        Array.Sort(kept);
        return kept;
    }

    public override string ToString() => Name;
}
