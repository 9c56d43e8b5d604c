using T0Sharp.Evaluation.Aggregation;
using T0Sharp.Evaluation.Results;

namespace T0Sharp.Demo;

/// <summary>
/// Item-level correctness of one condition on the held-out task types: task type -> template -> correct[item].
/// Items are the same validation rows for every template and every condition, so comparisons are paired.
/// </summary>
public sealed class ItemTable(IReadOnlyDictionary<string, IReadOnlyList<(string Template, bool[] Correct)>> tasks)
{
    public IReadOnlyDictionary<string, IReadOnlyList<(string Template, bool[] Correct)>> Tasks { get; } = tasks;

    /// <summary>Reads an evaluation's examples.jsonl (rank items, sum-of-log-probs scoring); <paramref name="taskTypes"/> maps dataset to task type.</summary>
    public static ItemTable FromRecords(IEnumerable<ExampleRecord> records, IReadOnlyDictionary<string, string> taskTypes, int items)
    {
        var byTask = new Dictionary<string, IReadOnlyList<(string, bool[])>>();
        foreach (var task in records.Where(r => r.Kind == ExampleRecord.RankKind && taskTypes.ContainsKey(r.Dataset)).GroupBy(r => r.Dataset))
        {
            var templates = new List<(string, bool[])>();
            foreach (var template in task.GroupBy(r => r.Template).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var correct = new bool[items];
                foreach (var r in template) if (r.Index < items) correct[r.Index] = r.IsCorrect("sum");
                templates.Add((template.Key, correct));
            }
            byTask[taskTypes[task.Key]] = templates;
        }
        return new ItemTable(byTask);
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

    static double Accuracy(bool[] correct, int[]? idx)
    {
        if (idx == null) return 100.0 * correct.Count(c => c) / correct.Length;
        int n = 0;
        foreach (var i in idx) if (correct[i]) n++;
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
