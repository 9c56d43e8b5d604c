using T0Sharp.Evaluation.Aggregation;
using T0Sharp.Evaluation.Metrics;
using T0Sharp.Evaluation.Scoring;

namespace T0Sharp.Evaluation.Results;

/// <summary>
/// Turns per-example records into per-(dataset, template) scores and per-dataset spreads over templates.
/// Rank accuracy is the percentage of scored (not skipped) examples whose prediction equals the stripped target.
/// Datasets and templates keep the order in which they first appear in the records (or in <c>datasetOrder</c>).
/// </summary>
public static class ResultAggregator
{
    public static string AccKey(ScoringMethod m) => "acc_" + m.Key();

    public static IReadOnlyList<TemplateResult> Templates(IEnumerable<ExampleRecord> records)
    {
        var results = new List<TemplateResult>();
        foreach (var g in records.GroupBy(r => (r.Dataset, r.Template)))
        {
            var scored = g.Where(r => r.Kind != ExampleRecord.SkipKind).ToList();
            var skipped = g.Count() - scored.Count;
            var rank = scored.Where(r => r.Kind == ExampleRecord.RankKind).ToList();
            var gen = scored.Where(r => r.Kind == ExampleRecord.GenKind).ToList();
            var scores = new SortedDictionary<string, double>(StringComparer.Ordinal);
            string kind;
            if (gen.Count > rank.Count)
            {
                kind = ExampleRecord.GenKind;
                var names = gen.SelectMany(r => r.Metrics ?? []).Distinct().ToList();
                foreach (var (k, v) in GenerationMetrics.Compute(names, gen.Select(r => r.Prediction ?? "").ToList(),
                             gen.Select(r => (IReadOnlyList<string>)(r.References ?? [])).ToList()))
                    scores[k] = v;
            }
            else
            {
                kind = ExampleRecord.RankKind;
                foreach (var m in ScoringMethods.All)
                    scores[AccKey(m)] = rank.Count == 0 ? 0 : 100.0 * rank.Count(r => r.IsCorrect(m.Key())) / rank.Count;
                // Flipped scores exist only where they were computed; over those examples.
                var flipped = rank.Where(r => r.Predicted?.ContainsKey(ScoringMethod.Flipped.Key()) == true).ToList();
                if (flipped.Count > 0)
                    scores[AccKey(ScoringMethod.Flipped)] = 100.0 * flipped.Count(r => r.IsCorrect(ScoringMethod.Flipped.Key())) / flipped.Count;
            }
            results.Add(new TemplateResult
            {
                Dataset = g.Key.Dataset, Template = g.Key.Template, Kind = kind,
                Examples = kind == ExampleRecord.GenKind ? gen.Count : rank.Count, Skipped = skipped, Scores = scores,
            });
        }
        return results;
    }

    /// <summary>Per dataset, the spread over its templates of every score key (templates with no scored example are left out).</summary>
    public static IReadOnlyList<DatasetResult> Datasets(IReadOnlyList<TemplateResult> templates, IEnumerable<string>? datasetOrder = null)
    {
        var order = (datasetOrder ?? []).Concat(templates.Select(t => t.Dataset)).Distinct().ToList();
        var result = new List<DatasetResult>();
        foreach (var ds in order)
        {
            var ts = templates.Where(t => t.Dataset == ds && t.Examples > 0).ToList();
            if (ts.Count == 0) continue;
            var keys = ts.SelectMany(t => t.Scores.Keys).Distinct().OrderBy(k => k, StringComparer.Ordinal);
            var spread = new SortedDictionary<string, Spread>(StringComparer.Ordinal);
            foreach (var k in keys)
            {
                var vals = ts.Where(t => t.Scores.ContainsKey(k)).Select(t => t.Scores[k]).ToList();
                if (vals.Count > 0) spread[k] = Spread.Of(vals);
            }
            result.Add(new DatasetResult { Dataset = ds, Templates = ts.Count, Examples = ts.Sum(t => t.Examples), Spread = spread });
        }
        return result;
    }
}
