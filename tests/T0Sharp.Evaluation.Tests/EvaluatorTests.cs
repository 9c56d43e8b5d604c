using T0Sharp.Evaluation.Reports;
using T0Sharp.Evaluation.Results;
using T0Sharp.Evaluation.Running;
using T0Sharp.Evaluation.Scoring;
using T0Sharp.Evaluation.Suites;
using T0Sharp.Tests;

namespace T0Sharp.Evaluation.Tests;

public class EvaluatorTests
{
    static TemplateInfo T(string name, bool choices = true, params string[] metrics) => new(name, name, true, metrics, choices);

    static EvalSuite Suite(params string[] names) =>
        new("test", names.Select(n => new EvalTask { Name = n, Dataset = n, Split = "validation" }).ToList());

    [Fact]
    public void Rank_classification_end_to_end_with_skips_batches_and_missing_data()
    {
        using var dir = TestPaths.NewTempDir();
        var scorer = new FakeScorer();
        var model = new EvalModel("fake", scorer, new CharTokenizer(), IsEncoderDecoder: true);
        (string, string)[] rows = [("a", "Yes"), ("b", "No"), ("c", " Yes "), ("NULL", "Yes"), ("THROW", "No"), ("d", "Maybe")];
        var ds = new FakeDataset([T("t1"), T("t2")], rows, ["Yes", "No"]);
        var ev = new Evaluator(model, new FakeFactory(new() { ["cb"] = ds }), new EvaluatorOptions { BatchSize = 4 });
        var res = ev.Run(Suite("cb", "story_cloze"), dir.Path);

        // 12 items in batches of 4 -> 3 scoring calls; skipped items are not sent to the scorer
        Assert.Equal(3, scorer.Calls.Count);
        Assert.Equal(6, scorer.Calls.Sum(c => c.Count));
        // ids under t-zero's convention (the encoder-decoder default): input "t1: a" without EOS; choices with EOS appended
        Assert.Equal([.. "t1: a".Select(c => c + 3)], scorer.Calls[0][0].InputIds);
        Assert.Equal([.. "No".Select(c => c + 3), 1], scorer.Calls[0][0].ChoiceIds[1]);

        var t1 = res.Templates.Single(t => t.Template == "t1");
        // "Yes"+EOS: -0.1 -1 -1 -1 = -3.1; "No"+EOS: -3. Sum picks "No" (-3 > -3.1);
        // mean: Yes -3.1/4 = -0.775 vs No -1 -> Yes; char: Yes -3.1/3 = -1.033 vs No -3/2 = -1.5 -> Yes.
        Assert.Equal((3, 3), (t1.Examples, t1.Skipped)); // NULL, THROW and the "Maybe" target are skipped
        Assert.Equal(100.0 / 3, t1.Scores["acc_sum"], 9);  // only "b" (No) right
        Assert.Equal(200.0 / 3, t1.Scores["acc_mean"], 9); // "a" and "c" right
        Assert.Equal(200.0 / 3, t1.Scores["acc_char"], 9);
        Assert.Equal([new MissingItem("story_cloze", "data not bundled")], res.Missing);

        var recs = ResultStore.ReadAll(Path.Combine(dir.Path, "examples.jsonl"));
        Assert.Equal(12, recs.Count);
        Assert.Contains(recs, r => r.Reason == "render error: boom");
        Assert.Contains(recs, r => r.Reason == "template does not apply to this example");
        Assert.Contains(recs, r => r.Reason == "target 'Maybe' is not among the answer choices");
        var a = recs.Single(r => r.Template == "t1" && r.Index == 0);
        Assert.Equal([-3.1, -3.0], a.LogProbSum!.Select(v => Math.Round(v, 5)));
        Assert.Equal([4, 3], a.TokenCounts!);
        Assert.Equal([3, 2], a.CharCounts!);
    }

    [Fact]
    public void Resume_scores_only_what_is_missing_and_gives_the_same_results()
    {
        using var dir = TestPaths.NewTempDir();
        (string, string)[] rows = [("a", "Yes"), ("b", "No"), ("c", "Yes"), ("d", "No"), ("e", "Yes")];
        var full = new Evaluator(new EvalModel("fake", new FakeScorer(), new CharTokenizer(), true),
            new FakeFactory(new() { ["rte"] = new FakeDataset([T("t1"), T("t2")], rows, ["Yes", "No"]) }), new EvaluatorOptions { BatchSize = 3 })
            .Run(Suite("rte"), dir.Path + "/full");

        // interrupt after the first batch: cancel from the scorer
        var cts = new CancellationTokenSource();
        var interrupting = new CancellingScorer(cts, afterCalls: 1);
        var factory = new FakeFactory(new() { ["rte"] = new FakeDataset([T("t1"), T("t2")], rows, ["Yes", "No"]) });
        Assert.Throws<OperationCanceledException>(() =>
            new Evaluator(new EvalModel("fake", interrupting, new CharTokenizer(), true), factory, new EvaluatorOptions { BatchSize = 3 })
                .Run(Suite("rte"), dir.Path + "/run", cts.Token));
        Assert.Equal(3, ResultStore.ReadAll(dir.Path + "/run/examples.jsonl").Count);

        var scorer = new FakeScorer();
        var resumed = new Evaluator(new EvalModel("fake", scorer, new CharTokenizer(), true), factory, new EvaluatorOptions { BatchSize = 3 })
            .Run(Suite("rte"), dir.Path + "/run");
        Assert.Equal(7, scorer.Calls.Sum(c => c.Count)); // 10 items, 3 already stored
        Assert.Equal(full.Templates.Select(t => t.Scores["acc_sum"]), resumed.Templates.Select(t => t.Scores["acc_sum"]));
        Assert.Equal(10, ResultStore.ReadAll(dir.Path + "/run/examples.jsonl").Count);

        // a different model must not resume into the same folder
        var e = Assert.Throws<InvalidOperationException>(() =>
            new Evaluator(new EvalModel("other", scorer, new CharTokenizer(), true), factory, new EvaluatorOptions()).Run(Suite("rte"), dir.Path + "/run"));
        Assert.Contains("holds a run of model 'fake'", e.Message);
    }

    sealed class CancellingScorer(CancellationTokenSource cts, int afterCalls) : IChoiceScorer
    {
        readonly FakeScorer _inner = new();
        public IReadOnlyList<IReadOnlyList<float[]>> Score(IReadOnlyList<ChoiceScoringRequest> requests)
        {
            if (_inner.Calls.Count + 1 >= afterCalls) cts.Cancel();
            return _inner.Score(requests);
        }
    }

    [Fact]
    public void Generative_templates_use_the_generator_and_template_metrics()
    {
        using var dir = TestPaths.NewTempDir();
        (string, string)[] rows = [("paris is", "q1: paris"), ("x", "q2: london")];
        var ds = new FakeDataset([T("q1", false, "Squad"), T("q2", false, "BLEU", "Other")], rows, null);
        var model = new EvalModel("fake", new FakeScorer(), new CharTokenizer(), true, new EchoGenerator());
        var res = new Evaluator(model, new FakeFactory(new() { ["squad"] = ds }), new EvaluatorOptions()).Run(Suite("squad"), dir.Path);
        // predictions are the rendered inputs' first word: "q1:" / "q2:"
        var q1 = res.Templates.Single(t => t.Template == "q1");
        Assert.Equal("gen", q1.Kind);
        Assert.Equal(0.0, q1.Scores["exact_match"]);
        Assert.Equal(100.0 * (2.0 / 3 + 0) / 2, q1.Scores["squad_f1"], 9); // "q1" vs "q1 paris": P 1, R 1/2 -> 2/3; "q1" vs "q2 london": 0
        Assert.Contains("squad: metrics not computed: Other", res.Notes);
        ReportWriter.WriteAll(res, dir.Path);
        Assert.Contains("SQuAD F1", File.ReadAllText(Path.Combine(dir.Path, "summary.md")));
    }
}
