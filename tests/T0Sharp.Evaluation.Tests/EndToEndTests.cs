using T0Sharp.Evaluation.Reports;
using System.CommandLine;
using T0Sharp.Cli.Commands;
using T0Sharp.Evaluation.Results;
using T0Sharp.Evaluation.Running;
using T0Sharp.Tests;

namespace T0Sharp.Evaluation.Tests;

/// <summary>The real path: bundled promptsource templates and data, the T5 tokenizer, a tiny fixture checkpoint.</summary>
public class EndToEndTests
{
    static readonly string Model = TestPaths.TestData("models", "tiny-t5-v1_0-relu");
    static readonly string Tokenizer = TestPaths.TestData("tokenizers", "t5", "spiece.model");

    [Fact]
    public void T0_suite_subset_with_missing_story_cloze_and_resume()
    {
        using var dir = TestPaths.NewTempDir();
        var request = new EvalRunRequest
        {
            ModelDir = Model, TokenizerPath = Tokenizer, OutDir = dir.Path, Suite = "t0", Tasks = ["cb", "copa", "story_cloze"],
            TemplatesDir = TestPaths.RepoPath("assets", "promptsource", "templates"), DataDir = TestPaths.RepoPath("assets", "datasets"),
            Options = new EvaluatorOptions { Limit = 2, BatchSize = 4 },
        };
        var res = EvalRun.Execute(request, NullProgress.Instance);
        Assert.Equal(["cb", "copa"], res.Datasets.Select(d => d.Dataset));
        Assert.Equal(15, res.Templates.Count(t => t.Dataset == "cb"));
        Assert.Equal(12, res.Templates.Count(t => t.Dataset == "copa"));
        // every CB template renders both rows with 3 choices and a target among them
        Assert.All(res.Templates.Where(t => t.Dataset == "cb"), t => Assert.Equal((2, 0), (t.Examples, t.Skipped)));
        var copa = res.Templates.Where(t => t.Dataset == "copa").ToList();
        Assert.Equal(24, copa.Sum(t => t.Examples + t.Skipped)); // some COPA templates apply only to cause or effect questions
        Assert.Contains("story_cloze", res.Missing.Single().Dataset);
        Assert.Contains("distributed only on request", res.Missing.Single().Reason);
        foreach (var f in new[] { "results.json", "templates.csv", "summary.md", "report.html", "plots/acc_sum.png", "examples.jsonl", "run.json" })
            Assert.True(File.Exists(Path.Combine(dir.Path, f)), f);
        var stored = ResultStore.ReadAll(Path.Combine(dir.Path, "examples.jsonl"));
        Assert.Equal(54, stored.Count);
        var rec = stored.First(r => r.Kind == ExampleRecord.RankKind && r.Dataset == "cb");
        Assert.Equal(3, rec.Choices!.Count);
        Assert.All(rec.TokenCounts!, n => Assert.True(n >= 2)); // choice tokens + EOS

        // second run: everything resumes, nothing is appended, same numbers
        var again = EvalRun.Execute(request, NullProgress.Instance);
        Assert.Equal(54, File.ReadAllLines(Path.Combine(dir.Path, "examples.jsonl")).Length);
        Assert.Equal(res.Templates.Select(t => t.Scores["acc_sum"]), again.Templates.Select(t => t.Scores["acc_sum"]));
    }

    [Fact]
    public void Multilingual_suite_with_english_and_translated_prompts()
    {
        using var dir = TestPaths.NewTempDir();
        string[] tasks = ["xnli_fr", "xnli_fr_mt", "xnli_fr_ht", "xcopa_it", "xcopa_it_mt", "xwinograd_pt", "xwinograd_pt_mt", "xstory_cloze_sw"];
        var request = new EvalRunRequest
        {
            ModelDir = Model, TokenizerPath = Tokenizer, OutDir = dir.Path, Suite = "multilingual", Tasks = tasks,
            Options = new EvaluatorOptions { Limit = 1, BatchSize = 8 },
        };
        var res = EvalRun.Execute(request, NullProgress.Instance);
        Assert.Equal(tasks[..^1], res.Datasets.Select(d => d.Dataset));
        Assert.All(tasks[..^1], t => Assert.Equal(5, res.Templates.Count(x => x.Dataset == t)));   // the same five prompts each
        Assert.Contains(res.Templates, t => t.Dataset == "xnli_fr_mt" && t.Template == "can we infer_frmt");
        Assert.Contains(res.Templates, t => t.Dataset == "xnli_fr_ht" && t.Template == "can we infer_frht");
        Assert.Contains("on request", Assert.Single(res.Missing).Reason);                              // XStoryCloze is not bundled
        var examples = ResultStore.ReadAll(Path.Combine(dir.Path, "examples.jsonl"));
        // the Italian row went through English and Italian XCOPA prompts; MT answer choices are in French
        Assert.Contains(examples, r => r.Dataset == "xcopa_it" && r.Choices != null && r.Choices.Contains("Il gabinetto si riempì d'acqua."));
        Assert.Contains(examples, r => r.Dataset == "xnli_fr_mt" && r.Choices != null && r.Choices.Contains("Oui"));
        var summary = File.ReadAllText(Path.Combine(dir.Path, "summary.md"));
        Assert.Contains("## Per language", summary);
        Assert.Matches(@"\| XNLI \| fr \| [0-9.]+ \| [0-9.]+ \| [0-9.]+ \|", summary);
        Assert.Matches(@"\| XWinograd \| pt \| [0-9.]+ \| [0-9.]+ \|  \|", summary);
        var html = File.ReadAllText(Path.Combine(dir.Path, "report.html"));
        Assert.Contains("Per language", html);
        // xmtf's per-language bars: one chart per dataset, referenced by the report
        foreach (var family in new[] { "xnli", "xcopa", "xwinograd" })
        {
            var png = Path.Combine(dir.Path, "plots", $"languages-{family}.png");
            Assert.True(new FileInfo(png).Length > 1000, png);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(png).Take(4));
            Assert.Contains($"plots/languages-{family}.png", html);
        }
        Assert.False(File.Exists(Path.Combine(dir.Path, "plots", "languages-xstory_cloze.png")));
        var medians = LanguageTable.Medians(res);
        Assert.Equal([("xnli", "fr"), ("xcopa", "it"), ("xwinograd", "pt")], medians.Select(m => (m.Family.Key, m.Language)));
        Assert.Equal([true, true, true], medians[0].Medians.Select(v => v is not null));
        Assert.Equal([true, true, false], medians[2].Medians.Select(v => v is not null));
        Assert.Equal(res.Datasets.Single(d => d.Dataset == "xnli_fr_mt").Spread[res.Primary].Median, medians[0].Medians[1]);
    }

    [Fact]
    public void Cli_eval_and_compare()
    {
        using var dir = TestPaths.NewTempDir();
        var root = new RootCommand { EvalCommand.Create() };
        string[] common = ["--model", Model, "--tokenizer", Tokenizer, "--tasks", "rte", "--limit", "1", "--scoring", "mean"];
        Assert.Equal(0, root.Parse(["eval", .. common, "--out", dir.File("a")]).Invoke());
        Assert.Equal(0, root.Parse(["eval", .. common, "--all-templates", "--out", dir.File("b")]).Invoke());
        var a = RunResults.Load(dir.File("a"));
        Assert.Equal("acc_mean", a.Primary);
        Assert.Equal(10, a.Templates.Count); // RTE: 10 original-task templates
        Assert.Equal(0, root.Parse(["eval", "--compare", dir.File("a"), dir.File("b"), "--out", dir.File("cmp")]).Invoke());
        Assert.Contains("| RTE |", File.ReadAllText(dir.File("cmp/comparison.md")));
        var e = new StringWriter();
        var old = Console.Error;
        Console.SetError(e);
        try
        {
            Assert.Equal(2, root.Parse(["eval", "--model", Model, "--tokenizer", Tokenizer, "--scoring", "bogus", "--out", dir.File("c")]).Invoke());
            Assert.Contains("unknown scoring 'bogus'", e.ToString());
        }
        finally { Console.SetError(old); }
        Assert.Equal(2, root.Parse(["eval", "--model", Model, "--tokenizer", Tokenizer, "--suite", "nosuch", "--out", dir.File("d")]).Invoke());
    }
}
