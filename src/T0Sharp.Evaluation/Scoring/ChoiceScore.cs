using System.Globalization;

namespace T0Sharp.Evaluation.Scoring;

/// <summary>
/// The score of one answer choice: the sum of its target tokens' log-probabilities, the number of target tokens
/// (EOS included when the model's targets carry one) and the choice text's length in Unicode code points.
/// </summary>
public sealed record ChoiceScore(double LogProbSum, int TokenCount, int CharCount)
{
    public static ChoiceScore FromTokens(IReadOnlyList<float> tokenLogProbs, string choiceText)
    {
        double sum = 0;
        foreach (var lp in tokenLogProbs) sum += lp;
        return new ChoiceScore(sum, tokenLogProbs.Count, CodePoints(choiceText));
    }

    /// <summary>The score under <paramref name="method"/>; divisions use max(1, length) so an empty choice stays finite.</summary>
    public double Get(ScoringMethod method) => method switch
    {
        ScoringMethod.Sum => LogProbSum,
        ScoringMethod.Mean => LogProbSum / Math.Max(1, TokenCount),
        ScoringMethod.Char => LogProbSum / Math.Max(1, CharCount),
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };

    /// <summary>Length in Unicode code points (Python's len), not UTF-16 units.</summary>
    public static int CodePoints(string s)
    {
        var n = 0;
        for (var i = 0; i < s.Length; i++, n++)
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
        return n;
    }
}

/// <summary>Rank-classification decisions for one example under each scoring method.</summary>
public static class RankDecision
{
    /// <summary>Index of the best choice (the first one on ties, like numpy's argmax).</summary>
    public static int Argmax(IReadOnlyList<ChoiceScore> scores, ScoringMethod method)
    {
        if (scores.Count == 0) throw new ArgumentException("no answer choices to rank");
        var best = 0;
        var bestScore = scores[0].Get(method);
        for (var i = 1; i < scores.Count; i++)
        {
            var s = scores[i].Get(method);
            if (s > bestScore || double.IsNaN(bestScore)) { best = i; bestScore = s; }
        }
        return best;
    }

    /// <summary>t-zero's rule: correct when the chosen choice text equals the stripped target.</summary>
    public static bool IsCorrect(IReadOnlyList<string> choices, int predicted, string target) =>
        choices[predicted] == Metrics.TextSplit.PythonStrip(target);

    internal static string Format(double d) => d.ToString("R", CultureInfo.InvariantCulture);
}
