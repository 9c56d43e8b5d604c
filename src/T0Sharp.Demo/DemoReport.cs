using System.Globalization;
using System.Net;
using System.Text;
using T0Sharp.Core;
using T0Sharp.Evaluation.Reports;

namespace T0Sharp.Demo;

/// <summary>
/// The demo's report: report.html (with plots/*.png) and summary.md in the demo folder, plus each evaluation's own
/// report under eval/. States each effect as "appears" only when it clears 3 standard errors, with its margin, and
/// prints the controls (the answer prior with blank input, the pretrained-only baseline).
/// </summary>
public static class DemoReport
{
    public static void Write(DemoResults demo, string outDir)
    {
        var plots = Path.Combine(outDir, "plots");
        var byName = demo.Conditions.ToDictionary(c => c.Name);
        var scaling = demo.Conditions.Where(c => c.Pretrained && c.TemplatesPerTask is "all").ToList();
        var images = new List<(string File, string Alt, string Caption)>();
        if (demo.Conditions.Count > 0)
        {
            DemoPlots.PerTemplate(demo.Conditions, "Held-out accuracy per template, by condition", Path.Combine(plots, "heldout_per_template.png"));
            images.Add(("plots/heldout_per_template.png", "per-template held-out accuracy by condition",
                "One dot per held-out template (its accuracy over the evaluation items); boxes span the interquartile range, the thick line is the median."));
        }
        if (scaling.Count > 1)
        {
            DemoPlots.Scaling(scaling, Path.Combine(plots, "heldout_vs_task_types.png"));
            images.Add(("plots/heldout_vs_task_types.png", "held-out score vs number of training task types",
                "Held-out score (mean over held-out task types of the median over templates) with ± 1 bootstrap standard error."));
        }
        var templateRuns = demo.Conditions.Where(c => c.Pretrained && c.TrainingTaskTypes == demo.Options.TaskCounts.Max()).ToList();
        if (templateRuns.Count == 2)
        {
            DemoPlots.PerTemplate(templateRuns, "All templates per training task vs one template per task", Path.Combine(plots, "all_vs_one_template.png"));
            images.Add(("plots/all_vs_one_template.png", "all templates vs one template per task", "T0's Figure 7 in miniature: the median and the spread over held-out templates."));
        }

        if (demo.NewWording.Count > 0)
            DemoPlots.PerTemplate(demo.NewWording.Select(kv => (kv.Key, kv.Value)).ToList(), "Training task types in new wording: accuracy per template",
                Path.Combine(outDir, NewWordingPlot), chanceLine: false);

        var findings = Findings(demo);
        var html = new HtmlReport("T0Sharp demo: the T0 effect in miniature");
        html.Paragraph(Intro(demo));
        html.Heading("What this shows");
        html.List(findings);
        html.Heading("Held-out score by condition");
        html.Paragraph($"Score = mean over the held-out task types of the median accuracy (%) over their templates, rank classification by summed " +
                       $"log-probabilities, {demo.HeldOutItemsPerTask} items per task type shared by every template and condition; SE from a paired " +
                       $"bootstrap over items ({demo.Options.BootstrapSamples} resamples). Chance is {demo.Chance:F0}%.");
        html.Table(Header(demo), demo.Conditions.Select(Row));
        foreach (var (file, alt, caption) in images) html.Image(file, alt, caption);
        if (demo.NewWording.Count > 0)
        {
            html.Heading("Training task types in new wording");
            html.Paragraph(NewWordingIntro(demo));
            html.Table(NewWordingHeader(demo), NewWordingRows(demo));
            html.Image(NewWordingPlot, "training task types in new wording, per template",
                "One dot per new-wording template; boxes span the interquartile range, the thick line is the median. " + NewWordingChance);
        }
        html.Heading("Controls");
        html.Table(["control", "value"], Controls(demo));
        html.Heading("Training");
        var stages = demo.Details.Where(d => d.Training != null).Select(d => d.Training!).Prepend(demo.Pretraining).Where(s => s != null).Select(s => s!);
        html.Table(["stage", "examples", "steps", "first loss", "last loss", "seconds", "tokens/s"],
            stages.Select(s => (IReadOnlyList<string>)[s.Stage, s.Examples.ToString("N0", CultureInfo.InvariantCulture), s.Steps.ToString(CultureInfo.InvariantCulture),
                F(s.FirstLoss, 3), F(s.LastLoss, 3), F(s.Seconds, 0), F(s.TokensPerSecond, 0)]));
        html.Heading("Per-condition evaluation reports and models");
        html.Raw("<ul>\n" + string.Concat(demo.Details.Select(d =>
            $"<li><a href=\"{Attr(d.EvalDir)}/report.html\">{WebUtility.HtmlEncode(d.Name)}</a>: {WebUtility.HtmlEncode(d.Description)}" +
            (d.ModelDir != null ? $" (model and tokenizer: <code>{WebUtility.HtmlEncode(d.ModelDir)}</code>)" : "") + "</li>\n")) + "</ul>");
        html.Save(Path.Combine(outDir, "report.html"));
        AtomicFile.WriteAllText(Path.Combine(outDir, "summary.md"), Markdown(demo, findings));
    }

    static string Attr(string relative) => WebUtility.HtmlEncode(relative.Replace('\\', '/'));

    static string Intro(DemoResults demo) =>
        $"A T5 v1.1-style model ({demo.Parameters:N0} parameters, vocabulary of {demo.VocabSize} pieces remapped from T5's) pretrained from " +
        $"scratch on a synthetic world's text ({demo.Options.PretrainSteps} steps of prefix LM), then trained on prompted task types for " +
        $"{demo.Options.Steps} steps per condition and evaluated zero-shot on task types it never saw, whose facts appear only in the " +
        $"pretraining text and whose instructions use new wording. {(demo.Quick ? "Quick mode. " : "")}Seed {demo.Seed}; {demo.Seconds:F0} s in total.";

    static string[] Header(DemoResults demo) =>
        ["condition", "pretrained", "training task types", "templates per task", "held-out score ± SE",
         .. (demo.Conditions.FirstOrDefault()?.HeldOut.PerTask.Keys.Select(k => k + " median (IQR)") ?? [])];

    static IReadOnlyList<string> Row(ConditionResult c) =>
        [c.Name, c.Pretrained ? "yes" : "no", c.TrainingTaskTypes.ToString(CultureInfo.InvariantCulture), c.TemplatesPerTask.ToString()!,
         $"{F(c.HeldOut.Score, 1)} ± {F(c.HeldOut.Se, 1)}", .. c.HeldOut.PerTask.Values.Select(t => $"{F(t.Median, 1)} ({F(t.Iqr, 1)})")];

    static string NewWordingIntro(DemoResults demo) =>
        $"The classification training task types asked with {NewWordingTemplateCount(demo)} templates each whose wording no condition trained on " +
        $"(validation rows of the A facts, {DemoEvaluation.NewWordingItems(demo.Options)} per template): does a skill learned in training survive a " +
        "new instruction? Score = mean over these task types of the median accuracy (%) over their new templates. " + NewWordingChance;

    const string NewWordingPlot = "plots/new_wording_per_template.png";
    const string NewWordingChance = "Chance: 50% for paraphrase, sentiment and extractive QA, 20% for topic, 10-17% for closed-book QA.";

    static int NewWordingTemplateCount(DemoResults demo) =>
        demo.NewWording.Values.FirstOrDefault()?.PerTask.Values.FirstOrDefault()?.PerTemplate.Count ?? 0;

    static string[] NewWordingHeader(DemoResults demo) =>
        ["condition", "score ± SE", .. (demo.NewWording.Values.FirstOrDefault()?.PerTask.Keys.Select(k => k + " median (IQR)") ?? [])];

    static IEnumerable<IReadOnlyList<string>> NewWordingRows(DemoResults demo) => demo.NewWording.Select(kv => (IReadOnlyList<string>)
        [kv.Key, $"{F(kv.Value.Score, 1)} ± {F(kv.Value.Se, 1)}", .. kv.Value.PerTask.Values.Select(t => $"{F(t.Median, 1)} ({F(t.Iqr, 1)})")]);

    static IEnumerable<IReadOnlyList<string>> Controls(DemoResults demo)
    {
        if (demo.Condition(DemoConditions.PretrainedOnly) is { } p)
            yield return ["pretrained-only baseline (no multitask training)", $"{F(p.HeldOut.Score, 1)} ± {F(p.HeldOut.Se, 1)}"];
        if (demo.Controls.BlankInput.Count > 0)
            yield return [$"answer prior with blank input ({demo.Controls.BlankInputModel})",
                string.Join(", ", demo.Controls.BlankInput.Select(kv => $"{kv.Key} {F(kv.Value, 1)}"))];
        foreach (var (model, acc) in demo.Controls.SeenTaskTypes)
            yield return [$"training task types' validation data, median over templates ({model})",
                F(acc, 1) + (demo.Controls.SeenPerTask.TryGetValue(model, out var per)
                    ? " (" + string.Join(", ", per.Select(kv => $"{kv.Key} {F(kv.Value, 1)}")) + ")" : "")];
    }

    /// <summary>Points below chance at which a baseline's per-task median is flagged as a bias (about 1.7 SE of one
    /// template's accuracy at 300 items).</summary>
    const double BelowChanceFlag = 5;

    /// <summary>The conclusions the numbers support, each effect labelled with its margin over noise.</summary>
    public static List<string> Findings(DemoResults demo)
    {
        var f = new List<string>();
        var e = demo.Effects.ToDictionary(x => x.Name);
        int max = demo.Options.TaskCounts.Max();
        var all = demo.Condition(DemoConditions.Types(max));
        var baseline = demo.Condition(DemoConditions.PretrainedOnly);
        if (all == null) return ["The effects need the " + DemoConditions.Types(max) + " condition."];
        if (e.TryGetValue("above_chance", out var c))
            f.Add($"(1) Zero-shot transfer to held-out task types over chance {DemoEffects.Verdict(c)}: {all.Name} scores {F(all.HeldOut.Score, 1)} ± " +
                  $"{F(all.HeldOut.Se, 1)}% vs chance {demo.Chance:F0}%.");
        if (e.TryGetValue("above_pretrained_only", out var b) && baseline != null)
            f.Add($"(1) Over the pretrained-only baseline ({F(baseline.HeldOut.Score, 1)} ± {F(baseline.HeldOut.Se, 1)}%) the gain {DemoEffects.Verdict(b)}.");
        if (e.TryGetValue("more_task_types", out var k))
        {
            var series = demo.Conditions.Where(x => x.Pretrained && x.TemplatesPerTask is "all").OrderBy(x => x.TrainingTaskTypes)
                .Select(x => $"{x.TrainingTaskTypes}: {F(x.HeldOut.Score, 1)}");
            f.Add($"(2) More training task types, higher held-out score ({string.Join(", ", series)}): the gain from {demo.Options.TaskCounts.Min()} to {max} types {DemoEffects.Verdict(k)}.");
        }
        if (e.TryGetValue("more_templates_median", out var m) && e.TryGetValue("more_templates_spread", out var s))
        {
            var one = demo.Condition(DemoConditions.Types(max) + "_one_template")!;
            f.Add($"(3) More templates per task: held-out score {F(all.HeldOut.Score, 1)}% with all templates vs {F(one.HeldOut.Score, 1)}% with one; " +
                  $"the higher median {DemoEffects.Verdict(m)}. Mean IQR over templates {F(DemoEffects.MeanIqr(all), 1)} vs {F(DemoEffects.MeanIqr(one), 1)} points; " +
                  $"the smaller spread {DemoEffects.Verdict(s)}.");
        }
        if (e.TryGetValue("more_templates_new_wording", out var w) && e.TryGetValue("more_templates_new_wording_spread", out var ws)
            && demo.NewWording.TryGetValue(all.Name, out var wa) && demo.NewWording.TryGetValue(all.Name + "_one_template", out var wo))
            f.Add($"(3) On the training task types in wording no condition trained on: {F(wa.Score, 1)}% with all templates vs {F(wo.Score, 1)}% with one (" +
                  string.Join(", ", wa.PerTask.Select(kv => $"{kv.Key} {F(kv.Value.Median, 1)} vs {F(wo.PerTask[kv.Key].Median, 1)}")) +
                  $"); the higher median {DemoEffects.Verdict(w)}. Mean IQR over the new templates {F(DemoEffects.MeanIqr(wa), 1)} vs " +
                  $"{F(DemoEffects.MeanIqr(wo), 1)} points; the smaller spread {DemoEffects.Verdict(ws)}.");
        if (e.TryGetValue("pretraining_helps", out var p))
            f.Add($"Pretraining on the world's text: {all.Name} vs the same multitask training from scratch, the gain {DemoEffects.Verdict(p)}.");
        if (baseline != null)
            foreach (var (task, t) in baseline.HeldOut.PerTask.Where(kv => kv.Value.Median < demo.Chance - BelowChanceFlag))
                f.Add($"Caution: the pretrained-only baseline is below chance on {task} ({F(t.Median, 1)}%); a gain over it there up to " +
                      $"{demo.Chance:F0}% is the loss of a bias, not a skill.");
        int runs = demo.Conditions.Max(x => x.RunScores.Count);
        f.Add(runs > 1
            ? $"Trained conditions are the item-by-item mean of {runs} training runs (seeds {demo.Seed}, {demo.Seed + 1000}, ...); standard errors " +
              "cover the evaluation items, and each effect's value within every run shows the training noise beside them."
            : "Standard errors cover the evaluation items of one training run per condition; training noise (another --seed, or --runs) " +
              "is not in them and moves the scores more (docs/demo.md).");
        if (demo.Controls.BlankInput.TryGetValue("mean", out var prior))
            f.Add($"Control: with blank input the {demo.Controls.BlankInputModel} model scores {F(prior, 1)}% (answer prior; {demo.Chance:F0}% means the answer strings alone give nothing away).");
        return f;
    }

    static string Markdown(DemoResults demo, List<string> findings)
    {
        var sb = new StringBuilder();
        sb.Append("# T0Sharp demo\n\n");
        foreach (var line in findings) sb.Append("- ").Append(line).Append('\n');
        sb.Append('\n');
        MarkdownTable(sb, Header(demo), demo.Conditions.Select(Row));
        if (demo.NewWording.Count > 0)
        {
            sb.Append("\nTraining task types in new wording: ").Append(NewWordingIntro(demo)).Append("\n\n");
            MarkdownTable(sb, NewWordingHeader(demo), NewWordingRows(demo));
        }
        sb.Append("\nControls:\n");
        foreach (var row in Controls(demo)) sb.Append("- ").Append(row[0]).Append(": ").Append(row[1]).Append('\n');
        return sb.ToString();
    }

    static void MarkdownTable(StringBuilder sb, string[] header, IEnumerable<IReadOnlyList<string>> rows)
    {
        sb.Append("| ").Append(string.Join(" | ", header)).Append(" |\n");
        sb.Append('|').Append(string.Concat(Enumerable.Repeat("---|", header.Length))).Append('\n');
        foreach (var row in rows) sb.Append("| ").Append(string.Join(" | ", row)).Append(" |\n");
    }

    static string F(double v, int digits) => double.IsNaN(v) ? "–" : v.ToString("F" + digits, CultureInfo.InvariantCulture);
}
