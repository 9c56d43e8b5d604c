using System.Globalization;
using System.Text;
using ScottPlot;
using T0Sharp.Core;
using T0Sharp.Evaluation.Reports;
using T0Sharp.Evaluation.Results;

namespace T0Sharp.Demo;

/// <summary>
/// The demo's report: report.html (with plots/*.png) and summary.md in the demo folder, plus each evaluation's own
/// report under eval/. States what the demo shows and what it does not, from the measured numbers.
/// </summary>
public static class DemoReport
{
    const double Chance = 50.0; // every held-out synthetic task is binary

    public static void Write(DemoResults demo, string outDir)
    {
        var plots = Path.Combine(outDir, "plots");
        Directory.CreateDirectory(plots);
        var byName = demo.Conditions.ToDictionary(c => c.Condition);
        var scaling = demo.Conditions.Where(c => c.TemplatesPerTask == "all").ToList();
        ScalingPlot(scaling, Path.Combine(plots, "heldout_vs_clusters.png"));
        var runs = scaling.Where(c => c.HeldOut != null).Select(c => c.HeldOut! with { Name = c.Description }).ToList();
        if (runs.Count > 0) AccuracyPlots.RenderRuns(runs, "acc_sum", Path.Combine(plots, "heldout_per_template.png"),
            "Held-out accuracy per template, by training condition");
        var templateRuns = new[] { byName.GetValueOrDefault("all_clusters"), byName.GetValueOrDefault("all_clusters_one_template") }
            .Where(c => c?.HeldOut != null).Select(c => c!.HeldOut! with { Name = c.Description }).ToList();
        if (templateRuns.Count == 2) AccuracyPlots.RenderRuns(templateRuns, "acc_sum", Path.Combine(plots, "one_vs_all_templates.png"),
            "All templates per task vs one template per task");

        var findings = Findings(demo);
        var html = new HtmlReport("T0Sharp demo: the T0 effect in miniature");
        html.Paragraph($"A T5 v1.1-style model ({demo.Parameters:N0} parameters, vocabulary of {demo.VocabSize} pieces remapped from T5's) " +
                       $"trained from scratch on T0Sharp's synthetic prompted task suite, {demo.Options.Steps} steps per condition, " +
                       $"and evaluated zero-shot on task types it never saw. {(demo.Quick ? "Quick mode. " : "")}Seed {demo.Seed}; " +
                       $"{demo.Seconds:F0} s in total.");
        html.Heading("What this shows");
        html.List(findings);
        html.Heading("Held-out accuracy by training condition");
        html.Paragraph($"Median accuracy (%) over held-out (task, template) pairs, rank classification by summed log-probabilities; " +
                       $"{demo.HeldOutExamplesPerTemplate} validation examples per template; chance is {Chance:F0}%.");
        html.Table(ConditionHeader(demo), demo.Conditions.Select(c => ConditionRow(demo, c)));
        html.Image("plots/heldout_vs_clusters.png", "held-out accuracy vs number of training clusters");
        if (runs.Count > 0) html.Image("plots/heldout_per_template.png", "per-template held-out accuracy by condition",
            "One dot per (task, template); boxes span the interquartile range, the thick line is the median.");
        if (templateRuns.Count == 2) html.Image("plots/one_vs_all_templates.png", "one template vs all templates");
        html.Heading("Training");
        html.Table(["condition", "prompted examples", "steps", "first loss", "last loss", "seconds", "tokens/s"],
            demo.Conditions.Where(c => c.Training != null).Select(c => (IReadOnlyList<string>)[c.Description, c.Training!.Examples.ToString("N0"),
                c.Training.Steps.ToString(), F(c.Training.FirstLoss, 3), F(c.Training.LastLoss, 3), F(c.Training.Seconds, 0), F(c.Training.TokensPerSecond, 0)]));
        if (demo.RealT0HeldOut != null)
        {
            html.Heading("Real T0 held-out datasets (bundled slices)");
            html.Paragraph("The (d) model on the real held-out datasets with their original-task templates, first rows only. " +
                           "A model trained from scratch on a synthetic closed world with a vocabulary of a few hundred pieces " +
                           "knows almost none of this text (most of it maps to the unknown piece), so accuracy near chance (or the " +
                           "majority-class rate) is the expected, honest result: transfer to real tasks needs a pretrained model.");
            html.Table(["dataset", "median accuracy (%)"], demo.RealT0HeldOut.Select(kv => (IReadOnlyList<string>)[kv.Key, F(kv.Value, 1)]));
            if (demo.RealT0Missing.Count > 0) html.List(demo.RealT0Missing.Select(m => "not evaluated: " + m));
        }
        html.Heading("Details");
        html.List(demo.Conditions.Select(c => $"<a href=\"{c.EvalDir}/report.html\">{c.Description}: full evaluation report</a>"));
        html.Save(Path.Combine(outDir, "report.html"));
        AtomicFile.WriteAllText(Path.Combine(outDir, "summary.md"), Markdown(demo, findings));
    }

    static string[] ConditionHeader(DemoResults demo) =>
        ["condition", "training clusters", "templates", "held-out median", .. demo.Conditions[0].HeldOutClusterMedians.Keys, "seen task types"];

    static IReadOnlyList<string> ConditionRow(DemoResults demo, ConditionResult c) =>
        [c.Description, c.TrainingClusters.Count == 0 ? "none" : string.Join(", ", c.TrainingClusters), c.TemplatesPerTask,
         F(c.HeldOutMedian, 1), .. c.HeldOutClusterMedians.Values.Select(v => F(v, 1)), c.SeenMedian is double s ? F(s, 1) : "–"];

    /// <summary>The conclusions the numbers support, stated plainly whichever way they came out.</summary>
    public static List<string> Findings(DemoResults demo)
    {
        var f = new List<string>();
        var c = demo.Conditions.ToDictionary(x => x.Condition);
        if (!c.TryGetValue("untrained", out var untrained) || !c.TryGetValue("all_clusters", out var all))
            return ["The comparison needs the untrained and all_clusters conditions."];
        // Binomial noise of a median over templates is below that of one template's accuracy; use one template's
        // standard error at chance as a conservative yardstick for "clearly above".
        double se = 100 * Math.Sqrt(0.25 / Math.Max(1, demo.HeldOutExamplesPerTemplate));
        if (all.SeenMedian is double seen && untrained.SeenMedian is double seen0)
            f.Add($"Training works: on validation data of the task types it trained on, median accuracy went from {seen0:F1}% (untrained) to {seen:F1}%.");
        var gain = all.HeldOutMedian - untrained.HeldOutMedian;
        if (all.HeldOutMedian >= Chance + 2 * se && gain >= 2 * se)
            f.Add($"Zero-shot transfer appears: on held-out task types the median rose from {untrained.HeldOutMedian:F1}% (untrained) to {all.HeldOutMedian:F1}% " +
                  $"with all training clusters (chance {Chance:F0}%, about ±{se:F1} points of noise per template).");
        else
            f.Add($"No clear zero-shot transfer: the held-out median is {all.HeldOutMedian:F1}% with all training clusters vs {untrained.HeldOutMedian:F1}% untrained " +
                  $"(chance {Chance:F0}%, about ±{se:F1} points of noise per template). A model trained from scratch for minutes has no language " +
                  "knowledge to transfer: it learns the surface mapping of each trained template to its answers, and a held-out task type asks a " +
                  "new question with new answer words, so nothing it learned says which choice is right. T0's transfer rests on a pretrained T5.");
        var order = demo.Conditions.Where(x => x.TemplatesPerTask == "all").Select(x => (x.TrainingClusters.Count, x.HeldOutMedian)).OrderBy(x => x.Count).ToList();
        bool rising = order.Count > 1 && order[^1].HeldOutMedian >= order[0].HeldOutMedian + 2 * se
                      && order.Zip(order.Skip(1)).All(p => p.Second.HeldOutMedian >= p.First.HeldOutMedian - se);
        bool flat = order.All(x => Math.Abs(x.HeldOutMedian - order[0].HeldOutMedian) <= se);
        f.Add($"Held-out median by number of training clusters ({string.Join(", ", order.Select(x => $"{x.Count}: {x.HeldOutMedian:F1}%"))}) " +
              (rising ? "rises as training task types are added, as in T0." : flat ? "shows no trend beyond noise." : "does not rise steadily with more training clusters."));
        if (c.TryGetValue("all_clusters_one_template", out var one))
        {
            var sAll = Spread(all.HeldOutTemplateAccuracies);
            var sOne = Spread(one.HeldOutTemplateAccuracies);
            f.Add($"Templates per task: all templates gave held-out median {all.HeldOutMedian:F1}% (IQR {sAll:F1}), one template per task " +
                  $"{one.HeldOutMedian:F1}% (IQR {sOne:F1}); T0 found more prompts per dataset raise the median and narrow the spread.");
        }
        return f;
    }

    static double Spread(IReadOnlyList<double> v)
    {
        if (v.Count == 0) return double.NaN;
        var s = T0Sharp.Evaluation.Aggregation.Spread.Of(v);
        return s.Q3 - s.Q1;
    }

    static void ScalingPlot(IReadOnlyList<ConditionResult> conditions, string path)
    {
        var plt = new Plot();
        var xs = conditions.Select(c => (double)c.TrainingClusters.Count).ToArray();
        var overall = plt.Add.Scatter(xs, conditions.Select(c => c.HeldOutMedian).ToArray());
        overall.LegendText = "all held-out clusters";
        overall.LineWidth = 3;
        foreach (var cluster in conditions[0].HeldOutClusterMedians.Keys)
        {
            var s = plt.Add.Scatter(xs, conditions.Select(c => c.HeldOutClusterMedians[cluster]).ToArray());
            s.LegendText = cluster;
            s.LinePattern = LinePattern.Dashed;
        }
        var chance = plt.Add.HorizontalLine(Chance);
        chance.LinePattern = LinePattern.Dotted;
        chance.LegendText = "chance";
        plt.Axes.SetLimits(-0.2, xs.Max() + 0.2, 0, 100);
        plt.XLabel("training clusters");
        plt.YLabel("median held-out accuracy (%)");
        plt.Title("Zero-shot accuracy on held-out task types vs number of training clusters");
        plt.ShowLegend(Alignment.LowerRight);
        plt.SavePng(path, 800, 480);
    }

    static string Markdown(DemoResults demo, List<string> findings)
    {
        var sb = new StringBuilder();
        sb.Append("# T0Sharp demo\n\n");
        foreach (var line in findings) sb.Append("- ").Append(line).Append('\n');
        sb.Append('\n').Append("| ").Append(string.Join(" | ", ConditionHeader(demo))).Append(" |\n");
        sb.Append('|').Append(string.Concat(Enumerable.Repeat("---|", ConditionHeader(demo).Length))).Append('\n');
        foreach (var c in demo.Conditions) sb.Append("| ").Append(string.Join(" | ", ConditionRow(demo, c))).Append(" |\n");
        if (demo.RealT0HeldOut != null)
            sb.Append("\nReal T0 held-out sets (model (d), near chance expected): ")
              .Append(string.Join(", ", demo.RealT0HeldOut.Select(kv => $"{kv.Key} {F(kv.Value, 1)}%"))).Append('\n');
        return sb.ToString();
    }

    static string F(double v, int digits) => double.IsNaN(v) ? "–" : v.ToString("F" + digits, CultureInfo.InvariantCulture);
}
