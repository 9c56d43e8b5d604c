using T0Sharp.Data.Sources;

namespace T0Sharp.Data.Tasks.FewShot;

/// <summary>
/// k-shot prompting over any task: each query example is preceded by <see cref="Shots"/> exemplars drawn from
/// another split of the same task (the train split by default), rendered with the same template, joined with
/// <see cref="FewShotFormat"/>. Exemplars are drawn without replacement from the first <see cref="PoolLimit"/>
/// records of the exemplar split, seeded by (stream seed, task name, query record, epoch) so every render is
/// reproducible; when the exemplar split is the query's own split the query record itself is never drawn.
/// Exemplars the inner task drops (template not applicable, unlabeled) are skipped and another is drawn; if the
/// pool runs out, fewer exemplars are used. The pool is read once, on first use.
/// </summary>
public sealed class FewShotTask : ITask
{
    readonly ITask _inner;
    readonly ITask _exemplarTask;
    readonly DatasetDirectory _data;
    readonly Lazy<IReadOnlyList<SourceRow>> _pool;

    /// <param name="inner">The task rendering each query and exemplar (a promptsource or FLAN-style PromptTask).</param>
    /// <param name="shots">k, at least 1.</param>
    /// <param name="data">Where the exemplar split is read.</param>
    /// <param name="exemplarSplit">The split exemplars come from (FLAN and seqio: "train").</param>
    public FewShotTask(ITask inner, int shots, FewShotFormat format, DatasetDirectory data, string exemplarSplit = "train",
        string? name = null, int poolLimit = 10_000)
    {
        if (shots < 1) throw new ArgumentOutOfRangeException(nameof(shots), "a few-shot task needs at least one exemplar");
        _inner = inner; Shots = shots; Format = format; _data = data; PoolLimit = poolLimit;
        _exemplarTask = inner.WithSplit(exemplarSplit)
            ?? throw new ArgumentException($"task '{inner.Name}' cannot read a '{exemplarSplit}' split for exemplars");
        ExemplarSplit = exemplarSplit;
        Name = name ?? $"{inner.Name}_{shots}shot";
        _pool = new Lazy<IReadOnlyList<SourceRow>>(() =>
        {
            var source = _exemplarTask.Open(_data)
                ?? throw new FileNotFoundException($"task '{Name}': no '{exemplarSplit}' split of {inner.DatasetKey} under {_data.Root} for the exemplars");
            return source.Read().Take(PoolLimit).ToList();
        });
    }

    public string Name { get; }
    public int Shots { get; }
    public FewShotFormat Format { get; }
    public string ExemplarSplit { get; }
    public int PoolLimit { get; }
    public string Dataset => _inner.Dataset;
    public string? Subset => _inner.Subset;
    public string Split => _inner.Split;

    public IExampleSource? Open(DatasetDirectory data) => _inner.Open(data);
    public long CountRows(DatasetDirectory data) => _inner.CountRows(data);

    public ITask? WithSplit(string split) =>
        _inner.WithSplit(split) is { } t ? new FewShotTask(t, Shots, Format, _data, ExemplarSplit, Name, PoolLimit) : null;

    public TaskExample? Process(SourceRow row, long streamSeed, long epoch)
    {
        var query = _inner.Process(row, streamSeed, epoch);
        if (query == null) return null;
        var exemplars = Exemplars(row.Index, streamSeed, epoch);
        return query with { Inputs = Format.Format(exemplars.Select(e => (e.Inputs, e.Targets)), query.Inputs) };
    }

    /// <summary>The exemplars of query record <paramref name="queryIndex"/>, in prompt order.</summary>
    public IReadOnlyList<TaskExample> Exemplars(long queryIndex, long streamSeed, long epoch)
    {
        var pool = _pool.Value;
        var rng = new Random((int)(RenderSeed.Of(streamSeed, Name, queryIndex, epoch) & 0x7FFF_FFFF));
        var order = Enumerable.Range(0, pool.Count).ToArray();
        var result = new List<TaskExample>(Shots);
        bool sameSplit = ExemplarSplit == _inner.Split;
        // A partial Fisher-Yates shuffle: draw without replacement until k exemplars are kept or the pool is spent.
        for (int i = 0; i < order.Length && result.Count < Shots; i++)
        {
            int j = i + rng.Next(order.Length - i);
            (order[i], order[j]) = (order[j], order[i]);
            var candidate = pool[order[i]];
            if (sameSplit && candidate.Index == queryIndex) continue;
            var ex = _exemplarTask.Process(candidate, streamSeed, epoch);
            if (ex == null || ex.IsUnlabeled) continue;
            result.Add(ex);
        }
        return result;
    }

    public override string ToString() => Name;
}
