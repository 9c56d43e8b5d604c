using ScottPlot;
using T0Sharp.Evaluation.Results;

namespace T0Sharp.Evaluation.Reports;

/// <summary>
/// PNG plots in the style of the T0 paper's main figure: per dataset, one dot per template (its score) over a
/// box from Q1 to Q3 with the median as a thick line and whiskers to min and max. The comparison plot puts
/// several runs side by side per dataset, one colour per run.
/// </summary>
public static class AccuracyPlots
{
    static readonly Color[] Palette =
    [
        Color.FromHex("#1f77b4"), Color.FromHex("#ff7f0e"), Color.FromHex("#2ca02c"), Color.FromHex("#d62728"),
        Color.FromHex("#9467bd"), Color.FromHex("#8c564b"), Color.FromHex("#e377c2"), Color.FromHex("#7f7f7f"),
    ];

    /// <summary>Per-dataset box/strip plot of one run's per-template <paramref name="scoreKey"/> values.</summary>
    public static void RenderRun(RunResults run, string scoreKey, string path) =>
        RenderRuns([run], scoreKey, path, $"{run.Name}: {Fmt.KeyName(scoreKey)} per template");

    /// <summary>Side-by-side box/strip plots of several runs (legend = run names).</summary>
    public static void RenderRuns(IReadOnlyList<RunResults> runs, string scoreKey, string path, string? title = null)
    {
        var datasets = runs.SelectMany(r => r.Datasets.Select(d => d.Dataset)).Distinct().ToList();
        var plt = new Plot();
        var width = 0.7 / runs.Count;
        for (var r = 0; r < runs.Count; r++)
        {
            var color = Palette[r % Palette.Length];
            for (var d = 0; d < datasets.Count; d++)
            {
                var values = runs[r].Templates.Where(t => t.Dataset == datasets[d] && t.Examples > 0 && t.Scores.ContainsKey(scoreKey))
                    .Select(t => t.Scores[scoreKey]).ToList();
                if (values.Count == 0) continue;
                var x = d - 0.35 + width * (r + 0.5);
                BoxGlyph.Draw(plt, x, width * 0.8, Aggregation.Spread.Of(values), color, whiskerCaps: true);
                var xs = values.Select((_, k) => x + Jitter(k, values.Count) * width * 0.35).ToArray();
                var dots = plt.Add.ScatterPoints(xs, values.ToArray());
                dots.Color = color.WithAlpha(0.85);
                dots.MarkerSize = 6;
                if (d == 0 && runs.Count > 1) dots.LegendText = runs[r].Name;
            }
        }
        var labels = datasets.Select(ds => runs.Select(r => r.Label(ds)).FirstOrDefault(l => l != ds) ?? ds).ToArray();
        plt.Axes.Bottom.SetTicks(Enumerable.Range(0, datasets.Count).Select(i => (double)i).ToArray(), labels);
        var rotate = labels.Max(l => l.Length) * 7 > 100; // labels wider than a column are turned
        if (rotate)
        {
            plt.Axes.Bottom.TickLabelStyle.Rotation = 45;
            plt.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
            plt.Axes.Bottom.MinimumSize = 8 * labels.Max(l => l.Length) + 20;
        }
        plt.Axes.SetLimits(-0.6, datasets.Count - 0.4, -3, 103);
        plt.YLabel(Fmt.KeyName(scoreKey) + " (%)");
        plt.Title(title ?? $"{Fmt.KeyName(scoreKey)} per template");
        if (runs.Count > 1) plt.ShowLegend(Alignment.UpperRight);
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir != null) Directory.CreateDirectory(dir);
        plt.SavePng(path, Math.Max(800, 110 * datasets.Count * Math.Max(1, (runs.Count + 1) / 2)), rotate ? 560 : 480);
    }

    // Deterministic spread of dots across the box: -1..1.
    static double Jitter(int k, int n) => n <= 1 ? 0 : -1 + 2.0 * k / (n - 1);
}
