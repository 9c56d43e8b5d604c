using T0Sharp.Evaluation.Aggregation;
using T0Sharp.Evaluation.Results;

namespace T0Sharp.Demo;

/// <summary>
/// Item-level correctness of one condition on the held-out task types: task type -> template -> correct[item], the
/// share of the condition's training runs that got the item right (0 or 1 for one run). Items are the same validation
/// rows for every template, run and condition, so comparisons are paired.
/// </summary>
public sealed class ItemTable(IReadOnlyDictionary<string, IReadOnlyList<(string Template, double[] Correct)>> tasks)
{
    public IReadOnlyDictionary<string, IReadOnlyList<(string Template, double[] Correct)>> Tasks { get; } = tasks;

    /// <summary>Reads an evaluation's examples.jsonl (rank items, sum-of-log-probs scoring); <paramref name="taskTypes"/> maps dataset to task type.</summary>
    public static ItemTable FromRecords(IEnumerable<ExampleRecord> records, IReadOnlyDictionary<string, string> taskTypes, int items)
    {
        var byTask = new Dictionary<string, IReadOnlyList<(string, double[])>>();
        foreach (var task in records.Where(r => r.Kind == ExampleRecord.RankKind && taskTypes.ContainsKey(r.Dataset)).GroupBy(r => r.Dataset))
        {
            var templates = new List<(string, double[])>();
            foreach (var template in task.GroupBy(r => r.Template).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var correct = new double[items];
                foreach (var r in template) if (r.Index < items) correct[r.Index] = r.IsCorrect("sum") ? 1 : 0;
                templates.Add((template.Key, correct));
            }
            byTask[taskTypes[task.Key]] = templates;
        }
        return new ItemTable(byTask);
    }

    /// <summary>
    /// The tables of several training runs of one condition as one: each item's correctness is its mean over the runs,
    /// so every template's accuracy is its mean accuracy over the runs. The runs must hold the same tasks, templates and items.
    /// </summary>
    public static ItemTable Mean(IReadOnlyList<ItemTable> runs)
    {
        if (runs.Count == 0) throw new ArgumentException("no runs to average", nameof(runs));
        if (runs.Count == 1) return runs[0];
        var first = runs[0];
        return new ItemTable(first.Tasks.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<(string, double[])>)kv.Value.Select((template, j) =>
        {
            var mean = new double[template.Correct.Length];
            foreach (var run in runs)
            {
                var (name, correct) = run.Tasks[kv.Key][j];
                if (name != template.Template || correct.Length != mean.Length)
                    throw new ArgumentException($"runs differ in {kv.Key}: template {name} ({correct.Length} items) against {template.Template} ({mean.Length})");
                for (int i = 0; i < mean.Length; i++) mean[i] += correct[i] / runs.Count;
            }
            return (template.Template, mean);
        }).ToList()));
    }
}

/// <summary>
/// T0's summary statistics and their noise. Score = mean over task types of the median accuracy over templates;
/// spread = mean over task types of the interquartile range over templates. Standard errors come from a paired
/// bootstrap over evaluation items: each resample draws the same item indices for every template and every
/// condition, so the standard error of a difference between two conditions is that of the paired difference.
/// </summary>
public static class DemoStatistics
{
    public static double Median(IReadOnlyList<double> v) => Spread.Of(v).Median;
    public static double Iqr(IReadOnlyList<double> v) { var s = Spread.Of(v); return s.Q3 - s.Q1; }

    /// <summary>Accuracy (%) of one template: the mean correctness of its items, or of a resample of them.</summary>
    public static double Accuracy(double[] correct, int[]? idx = null)
    {
        if (idx == null) return 100.0 * correct.Sum() / correct.Length;
        double n = 0;
        foreach (var i in idx) n += correct[i];
        return 100.0 * n / idx.Length;
    }

    /// <summary>(score, mean IQR) of a table under a resample (null = the data as measured).</summary>
    public static (double Score, double Spread) Summary(ItemTable t, IReadOnlyDictionary<string, int[]>? resample = null)
    {
        double score = 0, spread = 0;
        foreach (var (task, templates) in t.Tasks)
        {
            var acc = templates.Select(x => Accuracy(x.Correct, resample?[task])).ToList();
            score += Median(acc);
            spread += Iqr(acc);
        }
        return (score / t.Tasks.Count, spread / t.Tasks.Count);
    }

    /// <summary>The schema's held-out block for one condition.</summary>
    public static HeldOutScore HeldOut(ItemTable t, double se) => new(Summary(t).Score, se,
        t.Tasks.ToDictionary(kv => kv.Key, kv =>
        {
            var acc = kv.Value.Select(x => Accuracy(x.Correct, null)).ToList();
            return new TaskTypeScore(Median(acc), Iqr(acc), acc);
        }));

    /// <summary>
    /// Paired bootstrap: <paramref name="samples"/> resamples of the items of every task type (seeded), each
    /// applied to every condition. Returns per condition the resampled (score, spread) pairs.
    /// </summary>
    public static Dictionary<string, (double Score, double Spread)[]> Bootstrap(IReadOnlyDictionary<string, ItemTable> conditions, int samples, long seed)
    {
        var result = conditions.ToDictionary(kv => kv.Key, _ => new (double, double)[samples]);
        if (conditions.Count == 0) return result;
        var first = conditions.Values.First();
        var rng = new Random((int)(seed * 7919 + 17));
        for (int b = 0; b < samples; b++)
        {
            var resample = first.Tasks.ToDictionary(kv => kv.Key, kv =>
            {
                int n = kv.Value[0].Correct.Length;
                var idx = new int[n];
                for (int i = 0; i < n; i++) idx[i] = rng.Next(n);
                return idx;
            });
            foreach (var (name, table) in conditions) result[name][b] = Summary(table, resample);
        }
        return result;
    }

    /// <summary>
    /// Conditions measured over their training runs (condition → each run's table): each condition's item-by-item mean
    /// (<see cref="ItemTable.Mean"/>), its score block with the SE of a paired bootstrap over the conditions given, the
    /// bootstrap draws themselves (for paired differences) and each run's own (score, spread).
    /// </summary>
    public static RunsSummary Summarise(IReadOnlyDictionary<string, List<ItemTable>> runs, int samples, long seed)
    {
        var mean = runs.ToDictionary(kv => kv.Key, kv => ItemTable.Mean(kv.Value));
        var boot = Bootstrap(mean, samples, seed);
        return new RunsSummary(mean,
            mean.ToDictionary(kv => kv.Key, kv => HeldOut(kv.Value, StdDev(boot[kv.Key].Select(x => x.Score)))), boot,
            runs.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<(double Score, double Spread)>)kv.Value.Select(t => Summary(t)).ToList()));
    }

    public static double StdDev(IEnumerable<double> values)
    {
        var v = values.ToArray();
        if (v.Length < 2) return double.NaN;
        double mean = v.Average();
        return Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1));
    }

    /// <summary>Standard error of a paired difference a − b of score (or spread) from the bootstrap draws.</summary>
    public static double PairedSe((double Score, double Spread)[] a, (double Score, double Spread)[] b, bool spread = false) =>
        StdDev(a.Zip(b, (x, y) => spread ? x.Spread - y.Spread : x.Score - y.Score));
}

/// <summary>What <see cref="DemoStatistics.Summarise"/> gives per condition: the mean table, its score block, the
/// bootstrap draws and each training run's (score, spread).</summary>
public sealed record RunsSummary(
    IReadOnlyDictionary<string, ItemTable> Means,
    IReadOnlyDictionary<string, HeldOutScore> Scores,
    IReadOnlyDictionary<string, (double Score, double Spread)[]> Boot,
    IReadOnlyDictionary<string, IReadOnlyList<(double Score, double Spread)>> Runs);
