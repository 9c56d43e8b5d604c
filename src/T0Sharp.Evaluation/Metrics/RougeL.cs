using System.Text.RegularExpressions;

namespace T0Sharp.Evaluation.Metrics;

/// <summary>
/// ROUGE-L as Google's <c>rouge_score</c> package computes it (<c>RougeScorer(["rougeL"], use_stemmer=False)</c>):
/// text is lower-cased, every run of characters outside [a-z0-9] becomes a space, tokens are the remaining
/// [a-z0-9]+ words (so non-ASCII text has no tokens, as in rouge_score); the score is the F-measure of the
/// longest common subsequence, precision = LCS/|prediction|, recall = LCS/|reference|. With several references
/// the best F-measure counts (<c>score_multi</c>). The corpus figure is the mean F-measure × 100.
/// </summary>
public static partial class RougeL
{
    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonAlphanumeric();

    /// <summary>rouge_score's default tokenizer without stemming.</summary>
    public static List<string> Tokenize(string text)
    {
        var cleaned = NonAlphanumeric().Replace(text.ToLowerInvariant(), " ");
        return TextSplit.PythonSplit(cleaned);
    }

    /// <summary>Length of the longest common subsequence of two token lists.</summary>
    public static int LcsLength(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        var prev = new int[b.Count + 1];
        var cur = new int[b.Count + 1];
        for (var i = 1; i <= a.Count; i++)
        {
            for (var j = 1; j <= b.Count; j++)
                cur[j] = a[i - 1] == b[j - 1] ? prev[j - 1] + 1 : Math.Max(prev[j], cur[j - 1]);
            (prev, cur) = (cur, prev);
        }
        return prev[b.Count];
    }

    /// <summary>ROUGE-L F-measure (0..1) of one prediction against one reference.</summary>
    public static double FMeasure(string prediction, string reference)
    {
        var pred = Tokenize(prediction);
        var gold = Tokenize(reference);
        if (pred.Count == 0 || gold.Count == 0) return 0.0;
        var lcs = LcsLength(gold, pred);
        var precision = (double)lcs / pred.Count;
        var recall = (double)lcs / gold.Count;
        return precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0.0;
    }

    /// <summary>Best F-measure over several references.</summary>
    public static double FMeasure(string prediction, IEnumerable<string> references) =>
        references.Select(r => FMeasure(prediction, r)).DefaultIfEmpty(0).Max();
}
