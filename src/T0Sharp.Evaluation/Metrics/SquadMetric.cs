using System.Text;
using System.Text.RegularExpressions;

namespace T0Sharp.Evaluation.Metrics;

/// <summary>
/// SQuAD exact match and F1 exactly as the official evaluate-v1.1.py script defines them: answers are
/// lower-cased, ASCII punctuation (Python's <c>string.punctuation</c>) removed, the articles a/an/the removed as
/// whole words, whitespace collapsed; F1 is over the bag of whitespace tokens; an example takes the best score
/// over its references; corpus figures are means scaled to 0..100.
/// </summary>
public static partial class SquadMetric
{
    const string Punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    [GeneratedRegex(@"\b(a|an|the)\b")]
    private static partial Regex Articles();

    /// <summary>The official <c>normalize_answer</c>.</summary>
    public static string Normalize(string s)
    {
        var lower = s.ToLowerInvariant();
        var sb = new StringBuilder(lower.Length);
        foreach (var ch in lower) if (Punctuation.IndexOf(ch) < 0) sb.Append(ch);
        var noArticles = Articles().Replace(sb.ToString(), " ");
        return string.Join(' ', TextSplit.PythonSplit(noArticles));
    }

    /// <summary>1 when the normalized strings are equal, else 0.</summary>
    public static double ExactMatch(string prediction, string reference) =>
        Normalize(prediction) == Normalize(reference) ? 1.0 : 0.0;

    /// <summary>Token-level F1 between the normalized answers (0 when they share no token).</summary>
    public static double F1(string prediction, string reference)
    {
        var pred = TextSplit.PythonSplit(Normalize(prediction));
        var gold = TextSplit.PythonSplit(Normalize(reference));
        var goldCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var g in gold) goldCounts[g] = goldCounts.GetValueOrDefault(g) + 1;
        var same = 0;
        foreach (var p in pred)
        {
            if (goldCounts.TryGetValue(p, out var c) && c > 0) { same++; goldCounts[p] = c - 1; }
        }
        if (same == 0) return 0.0;
        var precision = (double)same / pred.Count;
        var recall = (double)same / gold.Count;
        return 2 * precision * recall / (precision + recall);
    }

    /// <summary>Best exact match over the references (<c>metric_max_over_ground_truths</c>).</summary>
    public static double ExactMatch(string prediction, IEnumerable<string> references) =>
        references.Select(r => ExactMatch(prediction, r)).DefaultIfEmpty(0).Max();

    /// <summary>Best F1 over the references.</summary>
    public static double F1(string prediction, IEnumerable<string> references) =>
        references.Select(r => F1(prediction, r)).DefaultIfEmpty(0).Max();
}
