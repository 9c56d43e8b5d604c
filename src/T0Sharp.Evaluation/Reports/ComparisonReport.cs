using System.Text;
using T0Sharp.Core;
using T0Sharp.Evaluation.Results;

namespace T0Sharp.Evaluation.Reports;

/// <summary>
/// Compares finished runs: per dataset, each run's median (and IQR) of a score over templates, as
/// <c>comparison.csv</c>, <c>comparison.md</c> and <c>comparison.html</c> with a side-by-side box/strip plot.
/// </summary>
public static class ComparisonReport
{
    /// <summary>Loads the runs (folders or results.json files) and writes the comparison into <paramref name="outDir"/>.</summary>
    public static void Write(IReadOnlyList<string> runPaths, string outDir, string? scoreKey = null)
    {
        if (runPaths.Count < 1) throw new ArgumentException("give at least one finished run folder to compare");
        Write(runPaths.Select(RunResults.Load).ToList(), outDir, scoreKey);
    }

    public static void Write(IReadOnlyList<RunResults> runs, string outDir, string? scoreKey = null)
    {
        var key = scoreKey ?? runs[0].Primary;
        runs = Disambiguate(runs);
        Directory.CreateDirectory(outDir);
        var datasets = runs.SelectMany(r => r.Datasets.Select(d => d.Dataset)).Distinct().ToList();
        var header = new List<string> { "dataset" };
        header.AddRange(runs.Select(r => r.Name));
        var rows = datasets.Select(ds => (IReadOnlyList<string>)[runs.Select(r => r.Label(ds)).FirstOrDefault(l => l != ds) ?? ds,
            .. runs.Select(r => Cell(r, ds, key))]).ToList();
        var avg = new List<string> { "average of medians" };
        avg.AddRange(runs.Select(r => Fmt.Score(AverageMedian(r, datasets, key))));
        rows.Add(avg);

        var csv = new StringBuilder("dataset," + string.Join(',', runs.Select(r => Fmt.CsvField(r.Name + " median")))).Append('\n');
        foreach (var ds in datasets)
            csv.Append(Fmt.CsvField(ds)).Append(',')
               .Append(string.Join(',', runs.Select(r => r.Datasets.FirstOrDefault(d => d.Dataset == ds)?.Spread.GetValueOrDefault(key) is { } s ? Fmt.Exact(s.Median) : "")))
               .Append('\n');
        AtomicFile.WriteAllText(Path.Combine(outDir, "comparison.csv"), csv.ToString());

        var md = new StringBuilder($"# Comparison: {Fmt.KeyName(key)}, median over templates (IQR)\n\n");
        ReportWriter.AppendMd(md, header, rows);
        md.Append('\n');
        foreach (var r in runs) md.Append($"- **{r.Name}**: model `{r.Model}`, suite `{r.Suite}`, limit {(r.Limit?.ToString() ?? "none")}\n");
        AtomicFile.WriteAllText(Path.Combine(outDir, "comparison.md"), md.ToString());

        var html = new HtmlReport($"Comparison of {runs.Count} runs");
        html.Paragraph(string.Join(" · ", runs.Select(r => $"{r.Name}: {r.Model}")), "meta");
        html.Heading($"{Fmt.KeyName(key)}: median over templates (IQR)");
        html.Table(header, rows);
        var png = Path.Combine("plots", $"comparison_{key}.png");
        AccuracyPlots.RenderRuns(runs, key, Path.Combine(outDir, png), $"{Fmt.KeyName(key)} per template, by run");
        html.Image(png, "side-by-side per-template scores", "One colour per run; each dot is a template, boxes span Q1-Q3 with the median line.");
        html.Save(Path.Combine(outDir, "comparison.html"));
    }

    static string Cell(RunResults r, string ds, string key) =>
        r.Datasets.FirstOrDefault(d => d.Dataset == ds)?.Spread.GetValueOrDefault(key) is { } s ? $"{Fmt.Score(s.Median)} ({Fmt.Score(s.Iqr)})" : "—";

    static double? AverageMedian(RunResults r, IReadOnlyList<string> datasets, string key)
    {
        var meds = datasets.Select(ds => r.Datasets.FirstOrDefault(d => d.Dataset == ds)?.Spread.GetValueOrDefault(key)?.Median).ToList();
        return meds.Any(m => m == null) ? null : meds.Average();
    }

    // Two runs with the same name (e.g. both folders called "out") get numbered names.
    static IReadOnlyList<RunResults> Disambiguate(IReadOnlyList<RunResults> runs) =>
        runs.Select((r, i) => runs.Count(x => x.Name == r.Name) > 1 ? r with { Name = $"{r.Name} #{i + 1}" } : r).ToList();
}
