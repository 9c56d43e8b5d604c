namespace T0Sharp.Evaluation.Aggregation;

/// <summary>
/// Order statistics as numpy computes them by default (<c>np.quantile(..., method="linear")</c>, Hyndman-Fan
/// type 7): for sorted values x[0..n-1] the q-quantile is x[h] + (h - floor h)(x[floor h + 1] - x[floor h]) with
/// h = (n - 1) q. The median is the 0.5 quantile (the mean of the two middle values for even n).
/// </summary>
public static class Quantiles
{
    /// <summary>The q-quantile (0 ≤ q ≤ 1) of <paramref name="values"/> (need not be sorted; must not be empty).</summary>
    public static double Linear(IReadOnlyList<double> values, double q)
    {
        if (values.Count == 0) throw new ArgumentException("quantile of an empty list");
        if (q is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(q), q, "must lie in [0, 1]");
        var sorted = values.OrderBy(v => v).ToArray();
        var h = (sorted.Length - 1) * q;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    public static double Median(IReadOnlyList<double> values) => Linear(values, 0.5);
}
