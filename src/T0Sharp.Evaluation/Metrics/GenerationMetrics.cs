namespace T0Sharp.Evaluation.Metrics;

/// <summary>
/// Maps the metric names in promptsource template metadata to implementations and computes them over a
/// template's generated outputs. Reported keys (all on a 0..100 scale):
/// <list type="bullet">
/// <item>"Accuracy" → <c>exact_match</c>: prediction.Trim() == reference.Trim() (T5's accuracy on strings).</item>
/// <item>"ROUGE" → <c>rougeL</c> (<see cref="RougeL"/>).</item>
/// <item>"BLEU" → <c>bleu</c> (<see cref="SacreBleu"/>).</item>
/// <item>"Squad" → <c>squad_em</c> and <c>squad_f1</c> (<see cref="SquadMetric"/>).</item>
/// </list>
/// Other names ("Other", "AUC", correlations...) are not computed and come back in <see cref="Unsupported"/>.
/// </summary>
public static class GenerationMetrics
{
    static readonly string[] Known = ["Accuracy", "ROUGE", "BLEU", "Squad"];

    /// <summary>The metric names of <paramref name="names"/> that this class cannot compute.</summary>
    public static IReadOnlyList<string> Unsupported(IEnumerable<string> names) =>
        names.Where(n => !Known.Contains(n, StringComparer.OrdinalIgnoreCase)).Distinct().ToList();

    /// <summary>Computes every supported metric named in <paramref name="names"/> (exact match always).</summary>
    public static SortedDictionary<string, double> Compute(
        IEnumerable<string> names, IReadOnlyList<string> predictions, IReadOnlyList<IReadOnlyList<string>> references)
    {
        var set = new HashSet<string>(names, StringComparer.OrdinalIgnoreCase);
        var result = new SortedDictionary<string, double>(StringComparer.Ordinal)
        {
            ["exact_match"] = Mean(predictions, references, (p, r) => r.Any(x => x.Trim() == p.Trim()) ? 1 : 0),
        };
        if (set.Contains("ROUGE")) result["rougeL"] = Mean(predictions, references, RougeL.FMeasure);
        if (set.Contains("BLEU")) result["bleu"] = predictions.Count == 0 ? 0 : SacreBleu.Corpus(predictions, references).Score;
        if (set.Contains("Squad"))
        {
            result["squad_em"] = Mean(predictions, references, SquadMetric.ExactMatch);
            result["squad_f1"] = Mean(predictions, references, SquadMetric.F1);
        }
        return result;
    }

    static double Mean(IReadOnlyList<string> preds, IReadOnlyList<IReadOnlyList<string>> refs,
        Func<string, IEnumerable<string>, double> score)
    {
        if (preds.Count == 0) return 0;
        double sum = 0;
        for (var i = 0; i < preds.Count; i++) sum += score(preds[i], refs[i]);
        return 100.0 * sum / preds.Count;
    }
}
