using System.Text.Json;
using T0Sharp.Demo;
using T0Sharp.Tests;

namespace T0Sharp.Demo.Tests;

/// <summary>
/// The whole pipeline in a reduced quick mode: synthetic data → templates → compact tokenizer → packed training
/// with the Trainer → zero-shot evaluation → report. No assertion about held-out transfer (that is what the
/// demo measures, not a property of the code).
/// </summary>
public class DemoPipelineTests
{
    [Fact]
    public void Training_lowers_the_loss_and_the_trained_model_beats_the_untrained_one_on_seen_task_types()
    {
        using var tmp = TestPaths.NewTempDir();
        var o = DemoOptions.QuickMode with
        {
            OutputDir = tmp.Path, Steps = 200, Threads = 1, EvalExamplesPerTask = 16, RealEvalExamplesPerDataset = 0,
            Conditions = ["untrained", "all_clusters"],
        };
        var results = DemoRunner.Run(o);

        Assert.Equal(["untrained", "all_clusters"], results.Conditions.Select(c => c.Condition));
        var trained = results.Conditions[1];
        Assert.NotNull(trained.Training);
        Assert.Equal(200, trained.Training!.Steps);
        Assert.True(trained.Training.LastLoss < trained.Training.FirstLoss * 0.7,
            $"loss {trained.Training.FirstLoss:F3} -> {trained.Training.LastLoss:F3}");
        var seen0 = results.Conditions[0].SeenMedian!.Value;
        var seen1 = trained.SeenMedian!.Value;
        Assert.True(seen1 > seen0 + 5, $"seen-task median accuracy untrained {seen0:F1}% vs trained {seen1:F1}%");

        foreach (var file in new[] { "report.html", "summary.md", "demo-results.json", "plots/heldout_vs_clusters.png" })
            Assert.True(File.Exists(Path.Combine(tmp.Path, file)), file);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(tmp.Path, "demo-results.json")));
        Assert.Equal(2, json.RootElement.GetProperty("conditions").GetArrayLength());
        Assert.Contains("held-out", File.ReadAllText(Path.Combine(tmp.Path, "report.html")));
        // The trained model was saved in Hugging Face layout by the trainer's final checkpoint.
        Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(tmp.Path, "train", "all_clusters"), "config.json", SearchOption.AllDirectories));
    }
}
