using System.Security.Cryptography;
using System.Text;
using T0Sharp.Data.Sources;
using T0Sharp.Data.Tasks;

namespace T0Sharp.Data.Mixtures;

/// <summary>One draw of a mixture stream: which task, which record, in which epoch of that task.</summary>
public sealed record MixtureDraw(long Draw, int TaskIndex, ITask Task, SourceRow Row, long Epoch);

/// <summary>
/// Interleaves a mixture's tasks deterministically, seqio-style: each draw picks task i with probability
/// <c>rate_i / Σ rate</c> from a seeded SplitMix64 RNG (sampling with replacement between tasks), then takes that
/// task's next record (each task cycles through its split, epoch after epoch; see <see cref="TaskReader"/>).
/// The stream is infinite and a pure function of (mixture, data, seed, shuffle block): <see cref="Cursor"/> is a
/// few numbers and <see cref="Restore"/> resumes exactly. Tasks whose split has no records get rate 0 and a warning.
/// Not thread-safe: one consumer.
/// </summary>
public sealed class MixtureStream : IDisposable
{
    readonly Mixture _mixture;
    readonly TaskReader[] _readers;
    readonly double[] _cumulative;
    readonly long _seed;
    readonly int _shuffleBlock;
    SplitMix64 _rng;

    public MixtureStream(Mixture mixture, DatasetDirectory data, long seed = 0, int shuffleBlock = 256)
    {
        if (shuffleBlock < 0) throw new ArgumentOutOfRangeException(nameof(shuffleBlock));
        _mixture = mixture; _seed = seed; _shuffleBlock = shuffleBlock;
        var warnings = new List<string>();
        var readers = new List<TaskReader>();
        var cumulative = new List<double>();
        double total = 0;
        var fp = new StringBuilder();
        foreach (var (c, i) in mixture.Components.Select((c, i) => (c, i)))
        {
            var source = c.Task.Open(data)
                ?? throw new FileNotFoundException($"task '{c.Task.Name}': split '{c.Task.Split}' of {c.Task.DatasetKey} is not under {data.Root}");
            long rows = c.Task.CountRows(data);
            if (rows == 0 || c.Rate == 0)
            {
                if (rows == 0) warnings.Add($"task '{c.Task.Name}': {source.Path} has no records; not sampled");
                continue;
            }
            readers.Add(new TaskReader(c.Task, source, rows, shuffleBlock, seed, readers.Count));
            total += c.Rate;
            cumulative.Add(total);
            fp.Append(c.Task.Name).Append('|').Append(c.Task.Split).Append('|').Append(c.Rate.ToString("R")).Append('|').Append(rows).Append('\n');
        }
        if (readers.Count == 0)
            throw new InvalidOperationException($"mixture '{mixture.Name}' has no task with records under {data.Root}" +
                (mixture.Warnings.Count > 0 ? ": " + string.Join("; ", mixture.Warnings) : ""));
        _readers = readers.ToArray();
        _cumulative = cumulative.Select(x => x / total).ToArray();
        _cumulative[^1] = 1.0;
        Warnings = warnings;
        Fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(fp.ToString())))[..16];
        _rng = new SplitMix64((ulong)seed);
    }

    /// <summary>Tasks that are sampled, in component order (a draw's TaskIndex indexes this list).</summary>
    public IReadOnlyList<ITask> Tasks => _readers.Select(r => r.Task).ToList();

    /// <summary>Sampling probability of each task in <see cref="Tasks"/>.</summary>
    public IReadOnlyList<double> Probabilities => _cumulative.Select((c, i) => c - (i == 0 ? 0 : _cumulative[i - 1])).ToList();

    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Identifies the tasks, rates and row counts (16 hex digits).</summary>
    public string Fingerprint { get; }

    /// <summary>Draws made so far.</summary>
    public long Draws { get; private set; }

    public long Seed => _seed;

    /// <summary>The resume point: restoring it makes the next draw equal to the one this stream would make next.</summary>
    public MixtureCursor Cursor => new(_mixture.Name, Fingerprint, _seed, _shuffleBlock, Draws);

    /// <summary>Makes the next draw.</summary>
    public MixtureDraw Next()
    {
        int t = Pick(_rng.NextDouble());
        var (row, epoch) = _readers[t].Next();
        return new MixtureDraw(Draws++, t, _readers[t].Task, row, epoch);
    }

    /// <summary>The stream as an infinite sequence of draws.</summary>
    public IEnumerable<MixtureDraw> Draw() { while (true) yield return Next(); }

    /// <summary>A stream positioned at <paramref name="cursor"/> (same mixture and data, or an error).</summary>
    public static MixtureStream Restore(Mixture mixture, DatasetDirectory data, MixtureCursor cursor)
    {
        var s = new MixtureStream(mixture, data, cursor.Seed, cursor.ShuffleBlock);
        if (s.Fingerprint != cursor.Fingerprint || mixture.Name != cursor.Mixture)
            throw new InvalidOperationException($"cannot resume: the cursor was saved for mixture '{cursor.Mixture}' (fingerprint {cursor.Fingerprint}), " +
                $"but this is '{mixture.Name}' (fingerprint {s.Fingerprint}): tasks, rates or data differ");
        s.SkipTo(cursor.Draws);
        return s;
    }

    /// <summary>Advances to draw number <paramref name="draws"/> without reading records (replays the task choices only).</summary>
    void SkipTo(long draws)
    {
        var counts = new long[_readers.Length];
        for (long d = Draws; d < draws; d++) counts[Pick(_rng.NextDouble())]++;
        for (int i = 0; i < counts.Length; i++) _readers[i].Position += counts[i];
        Draws = draws;
    }

    int Pick(double u)
    {
        int i = Array.BinarySearch(_cumulative, u);
        i = i < 0 ? ~i : i + 1;                  // first cumulative > u
        return Math.Min(i, _cumulative.Length - 1);
    }

    public void Dispose() { foreach (var r in _readers) r.Dispose(); }
}
