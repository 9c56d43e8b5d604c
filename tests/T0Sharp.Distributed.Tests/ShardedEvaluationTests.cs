using System.Text.RegularExpressions;
using T0Sharp.Distributed.Tests.Support;
using T0Sharp.Models;
using T0Sharp.Tests;

namespace T0Sharp.Distributed.Tests;

/// <summary>
/// `mpiexec -n 2 t0sharp eval` scores the same batches as one process, spread over the ranks, and rank 0 writes
/// the same per-example store and results; a store begun by one process is finished by two.
/// </summary>
public class ShardedEvaluationTests
{
    /// <summary>A tiny randomly initialised T5 with the bundled T5 tokenizer's vocabulary, saved in Hugging Face layout.</summary>
    static string TinyModel(string dir)
    {
        var path = Path.Combine(dir, "model");
        using (var model = PretrainedModel.Create(T5Config.Tiny with { VocabSize = 32128 }, TorchSharp.torch.CPU, seed: 11))
            PretrainedModel.Save(model, path);
        File.Copy(TestPaths.RepoPath("assets", "tokenizers", "t5", "spiece.model"), Path.Combine(path, "spiece.model"));
        return path;
    }

    static string[] EvalArgs(string model, string outDir, params string[] tasks) =>
        ["eval", "--model", model, "--tasks", .. tasks, "--limit", "3", "--batch-size", "2", "--threads", "1", "--out", outDir];

    static void AssertSameRun(string expected, string actual)
    {
        Assert.Equal(File.ReadAllText(Path.Combine(expected, "examples.jsonl")), File.ReadAllText(Path.Combine(actual, "examples.jsonl")));
        // results.json: everything but its creation time.
        static string Results(string run) => Regex.Replace(File.ReadAllText(Path.Combine(run, "results.json")), "\"created_utc\": \"[^\"]*\"", "");
        Assert.Equal(Results(expected), Results(actual));
        Assert.Contains("\"acc_sum\"", Results(actual));
    }

    [Fact]
    public void Two_ranks_write_the_store_and_results_of_one_process()
    {
        using var dir = TestPaths.NewTempDir();
        var model = TinyModel(dir.Path);
        // The same folder name under two parents: results.json records the run's folder name.
        var one = Path.Combine(dir.Path, "one", "run");
        var two = Path.Combine(dir.Path, "two", "run");
        var single = Launch.Cli(1, EvalArgs(model, one, "cb", "copa"));
        Assert.True(single.ExitCode == 0, single.ToString());
        var sharded = Launch.Cli(2, EvalArgs(model, two, "cb", "copa"));
        Assert.True(sharded.ExitCode == 0, sharded.ToString());
        AssertSameRun(one, two);
        // Non-trivial: both tasks scored, 3 examples under every template.
        var lines = File.ReadAllLines(Path.Combine(two, "examples.jsonl"));
        Assert.Equal(15 * 3 + 12 * 3, lines.Length);
        Assert.Contains(lines, l => l.Contains("\"dataset\":\"copa\"") && l.Contains("\"kind\":\"rank\""));
        // Rank 0 alone prints the summary.
        Assert.Equal(1, sharded.Output.Split('\n').Count(l => l.StartsWith("report: ", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_store_begun_by_one_process_is_finished_by_two()
    {
        using var dir = TestPaths.NewTempDir();
        var model = TinyModel(dir.Path);
        var reference = Path.Combine(dir.Path, "reference", "run");
        var resumed = Path.Combine(dir.Path, "resumed", "run");
        Assert.Equal(0, Launch.Cli(1, EvalArgs(model, reference, "cb", "copa")).ExitCode);
        Assert.Equal(0, Launch.Cli(1, EvalArgs(model, resumed, "cb")).ExitCode);
        var finish = Launch.Cli(2, EvalArgs(model, resumed, "cb", "copa"));
        Assert.True(finish.ExitCode == 0, finish.ToString());
        Assert.Contains("resuming: 45 items already scored", finish.Output);
        AssertSameRun(reference, resumed);
    }
}
