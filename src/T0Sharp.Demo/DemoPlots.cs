using ScottPlot;
using T0Sharp.Evaluation.Aggregation;
using T0Sharp.Evaluation.Reports;

namespace T0Sharp.Demo;

/// <summary>
/// The T0 paper's figures in miniature, sized to be shown at their own width (at most 1000 px, the report's column):
/// per-task box plots over templates by condition, held-out score against the number of training task types, and
/// all templates against one template per task. Legends sit outside the data area; the y axis runs past 100% so
/// points at 100% are not clipped.
/// </summary>
public static class DemoPlots
{
    public const int Width = 1000;

    static readonly Color[] Palette =
    [
        Color.FromHex("#7f7f7f"), Color.FromHex("#1f77b4"), Color.FromHex("#ff7f0e"), Color.FromHex("#2ca02c"),
        Color.FromHex("#d62728"), Color.FromHex("#9467bd"), Color.FromHex("#8c564b"), Color.FromHex("#e377c2"),
    ];

    /// <summary>Per held-out task type, one box per condition over its templates' accuracies, dots for the templates.</summary>
    public static void PerTemplate(IReadOnlyList<ConditionResult> conditions, string title, string path) =>
        PerTemplate(conditions.Select(c => (c.Name, c.HeldOut)).ToList(), title, path, chanceLine: true);

    /// <summary>Per task type, one box per named score over its templates' accuracies, dots for the templates; the
    /// 50% chance line only where every task type is binary.</summary>
    public static void PerTemplate(IReadOnlyList<(string Name, HeldOutScore Score)> conditions, string title, string path, bool chanceLine)
    {
        var tasks = conditions[0].Score.PerTask.Keys.ToList();
        var plt = new Plot();
        double groupWidth = 0.8, w = groupWidth / conditions.Count;
        for (int c = 0; c < conditions.Count; c++)
        {
            var color = Palette[c % Palette.Length];
            for (int t = 0; t < tasks.Count; t++)
            {
                var values = conditions[c].Score.PerTask[tasks[t]].PerTemplate;
                double x = t - groupWidth / 2 + w * (c + 0.5);
                BoxGlyph.Draw(plt, x, w * 0.75, Spread.Of(values), color, whiskerCaps: false);
                var xs = values.Select((_, k) => x + (values.Count <= 1 ? 0 : -1 + 2.0 * k / (values.Count - 1)) * w * 0.3).ToArray();
                var dots = plt.Add.ScatterPoints(xs, values.ToArray());
                dots.Color = color.WithAlpha(0.9);
                dots.MarkerSize = 5;
                if (t == 0) dots.LegendText = conditions[c].Name;
            }
        }
        if (chanceLine)
        {
            var chance = plt.Add.HorizontalLine(DemoEffects.Chance);
            chance.LinePattern = LinePattern.Dotted;
            chance.Color = Colors.Black;
            chance.LegendText = "chance";
        }
        plt.Axes.Bottom.SetTicks(Enumerable.Range(0, tasks.Count).Select(i => (double)i).ToArray(), tasks.ToArray());
        plt.Axes.SetLimits(-0.5, tasks.Count - 0.5, -3, 105);
        plt.YLabel("accuracy per template (%)");
        plt.Title(title);
        plt.ShowLegend(Edge.Right);
        Save(plt, path, 460);
    }

    /// <summary>Held-out score (± 1 SE) against the number of training task types (0 = pretrained only), with per-task medians.</summary>
    public static void Scaling(IReadOnlyList<ConditionResult> conditions, string path)
    {
        var points = conditions.OrderBy(c => c.TrainingTaskTypes).ToList();
        var xs = points.Select(c => (double)c.TrainingTaskTypes).ToArray();
        var plt = new Plot();
        var tasks = points[0].HeldOut.PerTask.Keys.ToList();
        for (int t = 0; t < tasks.Count; t++)
        {
            var s = plt.Add.Scatter(xs, points.Select(c => c.HeldOut.PerTask[tasks[t]].Median).ToArray());
            s.LegendText = tasks[t] + " (median)";
            s.LinePattern = LinePattern.Dashed;
            s.Color = Palette[(t + 1) % Palette.Length];
        }
        var ys = points.Select(c => c.HeldOut.Score).ToArray();
        var overall = plt.Add.Scatter(xs, ys);
        overall.LegendText = "held-out score ± 1 SE";
        overall.LineWidth = 3;
        overall.MarkerSize = 9;
        overall.Color = Colors.Black;
        var bars = plt.Add.ErrorBar(xs, ys, points.Select(c => c.HeldOut.Se).ToArray());
        bars.Color = Colors.Black;
        var chance = plt.Add.HorizontalLine(DemoEffects.Chance);
        chance.LinePattern = LinePattern.Dotted;
        chance.Color = Colors.Gray;
        chance.LegendText = "chance";
        plt.Axes.Bottom.SetTicks(xs, xs.Select(x => x.ToString("0")).ToArray()); // integer ticks: counts of task types
        plt.Axes.SetLimits(-0.3, xs.Max() + 0.3, 0, 105);
        plt.XLabel("training task types (0 = pretrained only)");
        plt.YLabel("held-out accuracy (%)");
        plt.Title("Zero-shot accuracy on held-out task types vs number of training task types");
        plt.ShowLegend(Edge.Right);
        Save(plt, path, 440);
    }

    static void Save(Plot plt, string path, int height)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        plt.SavePng(path, Width, height);
    }
}
