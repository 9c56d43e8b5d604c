using System.Text.Json;
using System.Text.RegularExpressions;
using T0Sharp.Data.Tokenization;
using T0Sharp.Demo;
using T0Sharp.Evaluation.Results;
using T0Sharp.Synthetic;
using T0Sharp.Models;
using T0Sharp.Tests;

namespace T0Sharp.Demo.Tests;

/// <summary>
/// The whole pipeline on a tiny configuration (a 1-layer d=32 model, a few steps): world text → compact tokenizer →
/// pretraining → multitask conditions → zero-shot evaluation → paired bootstrap → results and report. No assertion
/// about transfer (that is what the demo measures, not a property of the code): the schema, the report's links and
/// images, and complete model folders.
/// </summary>
public partial class DemoPipelineTests
{
    static readonly DemoOptions Tiny = new()
    {
        Threads = 1, PretrainDocuments = 120, PretrainSteps = 4, TrainExamplesPerTask = 8, HeldOutItemsPerTask = 6, Steps = 3, WarmupSteps = 1,
        RowsPerStep = 2, InputLength = 96, TargetLength = 48, TaskCounts = [1, 2], BootstrapSamples = 20,
        DModel = 32, DFf = 64, NumHeads = 2, DKv = 16, NumLayers = 1,
    };

    [GeneratedRegex("<a href=\"([^\"]+)\"")] private static partial Regex Links();
    [GeneratedRegex("<img src=\"([^\"]+)\"")] private static partial Regex Images();

    [Fact]
    public void Tiny_run_writes_the_results_schema_a_report_with_working_links_and_models_with_their_tokenizer()
    {
        using var tmp = TestPaths.NewTempDir();
        var results = DemoRunner.Run(Tiny with { OutputDir = tmp.Path });
        Assert.Equal(["pretrained_only", "types_1", "types_2", "types_2_one_template", "no_pretraining_types_2"], results.Conditions.Select(c => c.Name));

        // demo-results.json: the keys other tools rely on, with their types.
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(tmp.Path, "demo-results.json")));
        var root = json.RootElement;
        Assert.Equal(50.0, root.GetProperty("chance").GetDouble());
        foreach (var c in root.GetProperty("conditions").EnumerateArray())
        {
            Assert.Equal(["name", "pretrained", "training_task_types", "templates_per_task", "heldout", "run_scores", "run_spreads"], c.EnumerateObject().Select(p => p.Name));
            Assert.Equal(1, c.GetProperty("run_scores").GetArrayLength());
            Assert.Equal(JsonValueKind.String, c.GetProperty("name").ValueKind);
            Assert.Contains(c.GetProperty("pretrained").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });
            int k = c.GetProperty("training_task_types").GetInt32();
            var tpt = c.GetProperty("templates_per_task");
            Assert.True(tpt.ValueKind == JsonValueKind.String ? tpt.GetString() == "all" : tpt.GetInt32() == 1);
            var h = c.GetProperty("heldout");
            Assert.Equal(["score", "se", "per_task"], h.EnumerateObject().Select(p => p.Name));
            var perTask = h.GetProperty("per_task");
            Assert.Equal(["nli", "coreference", "completion"], perTask.EnumerateObject().Select(p => p.Name));
            double sum = 0;
            foreach (var t in perTask.EnumerateObject())
            {
                Assert.Equal(["median", "iqr", "per_template"], t.Value.EnumerateObject().Select(p => p.Name));
                var acc = t.Value.GetProperty("per_template").EnumerateArray().Select(x => x.GetDouble()).ToList();
                Assert.Equal(8, acc.Count);
                Assert.All(acc, a => Assert.InRange(a, 0, 100));
                var sorted = acc.Order().ToList();
                Assert.Equal((sorted[3] + sorted[4]) / 2, t.Value.GetProperty("median").GetDouble(), 9);
                sum += t.Value.GetProperty("median").GetDouble();
            }
            Assert.Equal(sum / 3, h.GetProperty("score").GetDouble(), 9);
            Assert.True(h.GetProperty("se").GetDouble() >= 0);
            if (c.GetProperty("name").GetString() == "pretrained_only") Assert.Equal(0, k);
        }

        // The training task types in new wording: the largest all-templates condition and its one-template twin only,
        // three templates per classification training type, every validation row scored.
        Assert.Equal(["types_2", "types_2_one_template"], root.GetProperty("new_wording").EnumerateObject().Select(p => p.Name));
        foreach (var (name, score) in results.NewWording)
        {
            Assert.Equal(SyntheticSuite.NewWordingTasks.Select(t => t.TaskType), score.PerTask.Keys);
            var dir = Path.Combine(tmp.Path, results.Details.Single(d => d.Name == name).NewWordingEvalDir!);
            int items = DemoEvaluation.NewWordingItems(Tiny);
            Assert.Equal(SyntheticSuite.NewWordingTasks.Count * 3 * items, ResultStore.ReadAll(Path.Combine(dir, "examples.jsonl")).Count(r => r.Kind == ExampleRecord.RankKind));
            // Independently: the median of each type's three template accuracies, averaged over the types.
            var table = DemoEvaluation.Items(dir, items, SyntheticSuite.NewWordingTasks);
            Assert.Equal(table.Tasks.Values.Average(ts => ts.Select(x => 100.0 * x.Correct.Sum() / items).Order().ElementAt(1)), score.Score, 9);
        }
        Assert.All(results.Details.Where(d => !d.Name.StartsWith("types_2", StringComparison.Ordinal)), d => Assert.Null(d.NewWordingEvalDir));
        var newWording = results.Effects.Single(e => e.Name == "more_templates_new_wording");
        Assert.Equal(results.NewWording["types_2"].Score - results.NewWording["types_2_one_template"].Score, newWording.Difference, 9);

        // report.html: real links to files that exist, no escaped markup, images no wider than the page column.
        var html = File.ReadAllText(Path.Combine(tmp.Path, "report.html"));
        Assert.DoesNotContain("&lt;a href", html);
        var links = Links().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(5, links.Count);
        Assert.All(links, l => Assert.True(File.Exists(Path.Combine(tmp.Path, l)), l));
        var images = Images().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(4, images.Count);
        Assert.All(images, i => Assert.InRange(PngWidth(Path.Combine(tmp.Path, i)), 600, DemoPlots.Width));
        Assert.Contains("pretrained-only baseline", html);
        Assert.Contains("answer prior with blank input", html);
        Assert.Contains("Training task types in new wording", html);
        Assert.Contains("(3) On the training task types in wording no condition trained on", html);
        Assert.Single(results.Effects, e => e.Name == "more_templates_new_wording_spread");
        Assert.Matches("(appears|does not appear) \\([+-][0-9.]+ points, -?[0-9.]+ SE", html);

        // Every trained model is a folder that loads on its own, tokenizer included.
        foreach (var d in results.Details.Where(d => d.ModelDir != null))
        {
            var dir = Path.Combine(tmp.Path, d.ModelDir!);
            var tokenizer = TokenizerLoader.Load(dir);
            using var model = PretrainedModel.Load(dir);
            Assert.True(tokenizer.VocabSize <= model.Config.VocabSize);
            var ids = tokenizer.Encode("Nora lives in the farm.");
            Assert.DoesNotContain(tokenizer.UnkId, ids);
        }
    }

    [Fact]
    public void A_rerun_with_reuse_pretrained_starts_from_the_same_checkpoint_without_pretraining_again()
    {
        using var tmp = TestPaths.NewTempDir();
        var o = Tiny with { OutputDir = tmp.Path, Conditions = ["pretrained_only"] };
        var first = DemoRunner.Run(o);
        var weights = Directory.GetFiles(Path.Combine(tmp.Path, "models", "pretrained"), "*.safetensors").Single();
        var written = File.GetLastWriteTimeUtc(weights);
        var second = DemoRunner.Run(o with { ReusePretrained = true });
        Assert.Equal(written, File.GetLastWriteTimeUtc(weights));
        Assert.Null(second.Pretraining);
        Assert.Equal(first.Conditions[0].HeldOut.Score, second.Conditions[0].HeldOut.Score, 9);
    }

    [Fact]
    public void Two_runs_train_twice_with_their_own_seeds_and_the_condition_is_their_item_by_item_mean()
    {
        using var tmp = TestPaths.NewTempDir();
        var results = DemoRunner.Run(Tiny with { OutputDir = tmp.Path, Conditions = ["pretrained_only", "types_2_one_template"], Runs = 2 });
        // The baseline is not trained: one evaluation. The trained condition: two runs, each with its own folders.
        Assert.Equal(["pretrained_only", "types_2_one_template", "types_2_one_template-run2"], results.Details.Select(d => d.Name));
        Assert.All(results.Details.Skip(1), d => Assert.True(Directory.Exists(Path.Combine(tmp.Path, d.ModelDir!)), d.ModelDir));
        Assert.Single(results.Condition("pretrained_only")!.RunScores);
        var one = results.Condition("types_2_one_template")!;
        Assert.Equal(2, one.RunScores.Count);
        Assert.Contains("seed 1000", results.Details[2].Description);
        // Independently: each run's per-template accuracy from its own examples.jsonl, then their mean.
        var runs = results.Details.Skip(1).Select(d => DemoEvaluation.Items(Path.Combine(tmp.Path, d.EvalDir), Tiny.HeldOutItemsPerTask)).ToList();
        foreach (var (task, score) in one.HeldOut.PerTask)
            for (int j = 0; j < score.PerTemplate.Count; j++)
                Assert.Equal((DemoStatistics.Accuracy(runs[0].Tasks[task][j].Correct) + DemoStatistics.Accuracy(runs[1].Tasks[task][j].Correct)) / 2,
                    score.PerTemplate[j], 9);
        Assert.Equal(runs.Select(r => DemoStatistics.Summary(r).Score), one.RunScores);
        // The run-2 folder's training loss differs from run 1's: another seed, another order and another one-template draw.
        Assert.NotEqual(results.Details[1].Training!.FirstLoss, results.Details[2].Training!.FirstLoss);
    }

    static int PngWidth(string path)
    {
        var b = File.ReadAllBytes(path);
        return (b[16] << 24) | (b[17] << 16) | (b[18] << 8) | b[19];
    }
}
