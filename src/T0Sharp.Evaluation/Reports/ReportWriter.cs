using System.Text;
using T0Sharp.Core;
using T0Sharp.Evaluation.Results;

namespace T0Sharp.Evaluation.Reports;

/// <summary>
/// Writes a run's human-readable reports next to its results.json: <c>templates.csv</c> (one row per dataset and
/// template), <c>summary.md</c> (per-dataset median/mean/min/max/IQR over templates), <c>report.html</c> with
/// <c>plots/*.png</c>. <see cref="BuildHtml"/> returns the page before saving so callers can add sections.
/// </summary>
public static class ReportWriter
{
    static readonly string[] RankKeys = ["acc_sum", "acc_mean", "acc_char"];
    static readonly string[] GenKeys = ["exact_match", "rougeL", "bleu", "squad_em", "squad_f1"];

    public static void WriteAll(RunResults run, string outDir)
    {
        run.Save(Path.Combine(outDir, "results.json"));
        AtomicFile.WriteAllText(Path.Combine(outDir, "templates.csv"), TemplatesCsv(run));
        AtomicFile.WriteAllText(Path.Combine(outDir, "summary.md"), SummaryMarkdown(run));
        BuildHtml(run, outDir).Save(Path.Combine(outDir, "report.html"));
    }

    public static string TemplatesCsv(RunResults run)
    {
        var sb = new StringBuilder();
        sb.Append("dataset,label,template,kind,examples,skipped,").Append(string.Join(',', RankKeys.Concat(GenKeys))).Append('\n');
        foreach (var t in run.Templates)
        {
            sb.Append(string.Join(',', new[] { t.Dataset, run.Label(t.Dataset), t.Template, t.Kind }.Select(Fmt.CsvField)));
            sb.Append(',').Append(t.Examples).Append(',').Append(t.Skipped);
            foreach (var k in RankKeys.Concat(GenKeys)) sb.Append(',').Append(t.Scores.TryGetValue(k, out var v) ? Fmt.Exact(v) : "");
            sb.Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>The per-dataset summary rows for <paramref name="key"/>: dataset, templates, examples, median, mean, min, max, IQR.</summary>
    public static IEnumerable<IReadOnlyList<string>> SummaryRows(RunResults run, string key) =>
        run.Datasets.Where(d => d.Spread.ContainsKey(key)).Select(d =>
        {
            var s = d.Spread[key];
            return (IReadOnlyList<string>)[run.Label(d.Dataset), d.Templates.ToString(), d.Examples.ToString(),
                Fmt.Score(s.Median), Fmt.Score(s.Mean), Fmt.Score(s.Min), Fmt.Score(s.Max), Fmt.Score(s.Iqr)];
        });

    static readonly string[] SummaryHeader = ["dataset", "templates", "examples", "median", "mean", "min", "max", "IQR"];

    public static string SummaryMarkdown(RunResults run)
    {
        var sb = new StringBuilder();
        sb.Append($"# Evaluation: {run.Name}\n\n");
        sb.Append($"Model: `{run.Model}` · suite: `{run.Suite}` · limit: {(run.Limit?.ToString() ?? "none")}" +
            (run.EosConvention is { } eos ? $" · EOS convention: {eos}" : "") + "\n\n");
        sb.Append($"## {Fmt.KeyName(run.Primary)} over templates (%)\n\n");
        AppendMd(sb, SummaryHeader, SummaryRows(run, run.Primary));
        var rank = run.Datasets.Where(d => d.Spread.ContainsKey("acc_sum")).ToList();
        if (rank.Count > 0)
        {
            sb.Append("\n## Median accuracy by scoring (%)\n\n");
            AppendMd(sb, ["dataset", "sum (T0)", "mean/token (T-Few)", "per char (acc_norm)"],
                rank.Select(d => (IReadOnlyList<string>)[run.Label(d.Dataset), .. RankKeys.Select(k => Fmt.Score(d.Spread.GetValueOrDefault(k)?.Median))]));
        }
        foreach (var key in GenKeys.Where(k => run.Datasets.Any(d => d.Spread.ContainsKey(k))))
        {
            sb.Append($"\n## {Fmt.KeyName(key)} over templates\n\n");
            AppendMd(sb, SummaryHeader, SummaryRows(run, key));
        }
        if (LanguageTable.Rows(run) is { Count: > 0 } languages)
        {
            sb.Append($"\n## Per language: median {Fmt.KeyName(run.Primary)} over templates (%)\n\n");
            AppendMd(sb, LanguageTable.Header, languages);
        }
        AppendMissing(sb, run);
        return sb.ToString();
    }

    static void AppendMissing(StringBuilder sb, RunResults run)
    {
        if (run.Missing.Count > 0)
        {
            sb.Append("\n## Not evaluated\n\n");
            foreach (var m in run.Missing) sb.Append($"- **{m.Dataset}**: {m.Reason}\n");
        }
        if (run.Notes.Count > 0)
        {
            sb.Append("\n## Notes\n\n");
            foreach (var n in run.Notes) sb.Append($"- {n}\n");
        }
    }

    internal static void AppendMd(StringBuilder sb, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        sb.Append("| ").Append(string.Join(" | ", header.Select(Fmt.MdCell))).Append(" |\n");
        sb.Append('|').Append(string.Join('|', header.Select((_, i) => i == 0 ? " --- " : " ---: "))).Append("|\n");
        foreach (var r in rows) sb.Append("| ").Append(string.Join(" | ", r.Select(Fmt.MdCell))).Append(" |\n");
    }

    /// <summary>Builds report.html's content (plots are written to <paramref name="outDir"/>/plots now).</summary>
    public static HtmlReport BuildHtml(RunResults run, string outDir)
    {
        var html = new HtmlReport($"Zero-shot evaluation: {run.Name}");
        html.Paragraph($"Model {run.Model} · suite {run.Suite} · {run.Templates.Count} templates over {run.Datasets.Count} datasets · " +
                       $"limit {(run.Limit?.ToString() ?? "none")} · " + (run.EosConvention is { } eos ? $"EOS convention {eos} · " : "") +
                       $"{run.CreatedUtc:yyyy-MM-dd HH:mm} UTC", "meta");
        html.Heading($"{Fmt.KeyName(run.Primary)} over templates (%)");
        html.Table(SummaryHeader, SummaryRows(run, run.Primary));
        if (run.Templates.Any(t => t.Scores.ContainsKey(run.Primary)))
        {
            var png = Path.Combine("plots", $"{run.Primary}.png");
            AccuracyPlots.RenderRun(run, run.Primary, Path.Combine(outDir, png));
            html.Image(png, "per-template scores per dataset",
                "Each dot is one prompt template; boxes span the interquartile range, the thick line is the median, whiskers reach min and max.");
        }
        var rank = run.Datasets.Where(d => d.Spread.ContainsKey("acc_sum")).ToList();
        if (rank.Count > 0)
        {
            html.Heading("Median accuracy by scoring (%)");
            html.Paragraph("sum: sum of target-token log-probabilities (T0); mean: divided by the number of target tokens incl. EOS (T-Few); " +
                           "char: divided by the answer choice's length in characters (lm-eval acc_norm).", "meta");
            html.Table(["dataset", "sum (T0)", "mean/token (T-Few)", "per char (acc_norm)"],
                rank.Select(d => (IReadOnlyList<string>)[run.Label(d.Dataset), .. RankKeys.Select(k => Fmt.Score(d.Spread.GetValueOrDefault(k)?.Median))]));
        }
        foreach (var key in GenKeys.Where(k => run.Datasets.Any(d => d.Spread.ContainsKey(k)) && k != run.Primary))
        {
            html.Heading($"{Fmt.KeyName(key)} over templates");
            html.Table(SummaryHeader, SummaryRows(run, key));
        }
        if (LanguageTable.Rows(run) is { Count: > 0 } languages)
        {
            html.Heading($"Per language: median {Fmt.KeyName(run.Primary)} over templates (%)");
            html.Paragraph("The same five prompts in English, machine-translated (xP3mt) and, for XNLI, translated by people.", "meta");
            html.Table(LanguageTable.Header, languages);
            foreach (var (file, label) in LanguagePlots.Render(run, Path.Combine(outDir, "plots")))
                html.Image(Path.Combine("plots", file), $"{label}: median score per language",
                    $"{label}: median over templates per language with English, machine-translated and human-translated prompts; dashed: chance.");
        }
        html.Heading("Per template");
        html.Table(["dataset", "template", "kind", "examples", "skipped", "sum", "mean", "char", "generation metrics"],
            run.Templates.Select(t => (IReadOnlyList<string>)[run.Label(t.Dataset), t.Template, t.Kind, t.Examples.ToString(), t.Skipped.ToString(),
                .. RankKeys.Select(k => t.Scores.TryGetValue(k, out var v) ? Fmt.Score(v) : ""),
                string.Join(", ", GenKeys.Where(t.Scores.ContainsKey).Select(k => $"{k} {Fmt.Score(t.Scores[k])}"))]),
            collapsedSummary: $"All {run.Templates.Count} templates");
        if (run.Missing.Count > 0)
        {
            html.Heading("Not evaluated");
            html.List(run.Missing.Select(m => $"{m.Dataset}: {m.Reason}"));
        }
        if (run.Notes.Count > 0)
        {
            html.Heading("Notes");
            html.List(run.Notes);
        }
        return html;
    }
}
