using T0Sharp.Evaluation.Aggregation;
using T0Sharp.Evaluation.Reports;
using T0Sharp.Evaluation.Results;
using T0Sharp.Tests;

namespace T0Sharp.Evaluation.Tests;

public class ReportTests
{
    internal static RunResults Run(string name, double shift)
    {
        var templates = new List<TemplateResult>();
        foreach (var (ds, accs) in new[] { ("cb", new[] { 40.0, 50, 70 }), ("rte", new[] { 55.0, 65 }) })
            for (var i = 0; i < accs.Length; i++)
                templates.Add(new TemplateResult
                {
                    Dataset = ds, Template = $"t{i}, \"q\"", Kind = "rank", Examples = 10,
                    Scores = new Dictionary<string, double> { ["acc_sum"] = accs[i] + shift, ["acc_mean"] = accs[i], ["acc_char"] = accs[i] - 1 },
                });
        return new RunResults
        {
            Name = name, Model = "m", Suite = "t0", Primary = "acc_sum", Templates = templates,
            Datasets = ResultAggregator.Datasets(templates), Labels = new Dictionary<string, string> { ["cb"] = "CB", ["rte"] = "RTE" },
            Missing = [new MissingItem("story_cloze", "data not bundled")],
        };
    }

    [Fact]
    public void Run_reports_hold_the_numbers()
    {
        using var dir = TestPaths.NewTempDir();
        var run = Run("a", 0);
        ReportWriter.WriteAll(run, dir.Path);
        var csv = File.ReadAllLines(dir.File("templates.csv"));
        Assert.Equal("dataset,label,template,kind,examples,skipped,acc_sum,acc_mean,acc_char,exact_match,rougeL,bleu,squad_em,squad_f1", csv[0]);
        Assert.Equal("cb,CB,\"t0, \"\"q\"\"\",rank,10,0,40,40,39,,,,,", csv[1]);
        var md = File.ReadAllText(dir.File("summary.md"));
        Assert.Contains("| CB | 3 | 30 | 50.0 | 53.3 | 40.0 | 70.0 | 15.0 |", md); // Q1 45, Q3 60
        Assert.Contains("**story_cloze**: data not bundled", md);
        var html = File.ReadAllText(dir.File("report.html"));
        Assert.Contains("<img src=\"plots/acc_sum.png\"", html);
        Assert.Contains("t0, &quot;q&quot;", html);
        var png = File.ReadAllBytes(Path.Combine(dir.Path, "plots", "acc_sum.png"));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png.Take(4));
        var back = RunResults.Load(dir.Path);
        Assert.Equal(run.Datasets[0].Spread["acc_sum"], back.Datasets[0].Spread["acc_sum"]);
    }

    [Fact]
    public void Comparison_of_runs()
    {
        using var dir = TestPaths.NewTempDir();
        Run("a", 0).Save(dir.File("a/results.json"));
        Run("b", 10).Save(dir.File("b/results.json"));
        ComparisonReport.Write([dir.File("a"), dir.File("b")], dir.File("cmp"));
        var md = File.ReadAllText(dir.File("cmp/comparison.md"));
        Assert.Contains("| CB | 50.0 (15.0) | 60.0 (15.0) |", md);
        Assert.Contains("| average of medians | 55.0 | 65.0 |", md); // (50 + 60) / 2, (60 + 70) / 2
        Assert.True(File.Exists(dir.File("cmp/plots/comparison_acc_sum.png")));
        var e = Assert.Throws<FileNotFoundException>(() => ComparisonReport.Write([dir.File("nope")], dir.File("cmp2")));
        Assert.Contains("nope", e.Message);
    }
}
