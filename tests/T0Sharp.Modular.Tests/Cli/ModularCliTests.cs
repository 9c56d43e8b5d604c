using System.Text.Json;
using System.Text.Json.Nodes;
using T0Sharp.Evaluation.Results;
using T0Sharp.Models;
using T0Sharp.Modular.Tests.Support;
using T0Sharp.Tests;

namespace T0Sharp.Modular.Tests.Cli;

/// <summary>
/// Every method trains through <c>t0sharp train configs/*-tiny.yaml</c> (a few steps), saves its folder beside the run's
/// checkpoint, scores through <c>score --adapter</c> identically to the in-memory trained model after a reload, and
/// evaluates through <c>eval --adapter</c>.
/// </summary>
[Collection("console")]
public class ModularCliTests
{
    public static IEnumerable<object[]> Configs => new[] { "attempt-tiny", "spt-tiny", "hyperprompt-tiny", "hint-tiny", "hyper-adapters-tiny" }.Select(c => new object[] { c });

    [Theory]
    [MemberData(nameof(Configs))]
    public void Trains_saves_reloads_bit_identically_and_evaluates(string config)
    {
        using var tmp = TestPaths.NewTempDir();
        var run = tmp.File("run");
        var (code, output, err) = CliRunner.Run("train", TestPaths.RepoPath("configs", config + ".yaml"), $"--run.output_dir={run}",
            "--run.max_steps=6", "--checkpoint.every_steps=6", "--eval.every_steps=0", "--logging.progress=none");
        Assert.True(code == 0, output + err);
        var adapter = Path.Combine(run, "checkpoints", "step-000006", "adapter");
        Assert.True(File.Exists(Path.Combine(adapter, ModularFolder.ConfigFile)), output + err);
        Assert.True(File.Exists(Path.Combine(adapter, ModularFolder.WeightsFile)));
        var saved = ModularFolder.ReadConfig(adapter);
        Assert.Equal(8, saved.Tasks.Count); // the tiny mixture: 4 tasks x 2 prompts, one task name each
        Assert.All(saved.Tasks.Tasks, t => Assert.NotEmpty(t.Instruction));

        // score through the CLI twice (two fresh loads) and against an in-process load: bit-identical
        var lines = new[]
        {
            new JsonObject { ["input"] = "Add two and four. The sum is", ["targets"] = new JsonArray("six", "five"), ["task"] = saved.Tasks.Tasks[0].Name },
            new JsonObject { ["input"] = "The movie was bad. How does the reviewer feel?", ["targets"] = new JsonArray("negative", "positive") },
        };
        File.WriteAllLines(tmp.File("in.jsonl"), lines.Select(l => l.ToJsonString()));
        string Score(string name)
        {
            var r = CliRunner.Run("score", "--model", TinyModel.Dir, "--tokenizer", TestPaths.TestData("tokenizers", "t5", "spiece.model"),
                "--adapter", adapter, "--input", tmp.File("in.jsonl"), "--output", tmp.File(name));
            Assert.True(r.Code == 0, r.Err);
            return File.ReadAllText(tmp.File(name));
        }
        var first = Score("a.jsonl");
        Assert.Equal(first, Score("b.jsonl"));
        var scores = first.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(0, scores[0]["task_id"]!.GetValue<int>());
        Assert.Equal(-1, scores[1]["task_id"]!.GetValue<int>());

        var info = CliRunner.Run("adapters", "info", adapter);
        Assert.True(info.Code == 0, info.Err);
        Assert.Contains($"method: modular {saved.Method}", info.Out);
        Assert.Contains($"  {saved.Tasks.Tasks[0].Name}: \"{saved.Tasks.Tasks[0].Instruction}\"", info.Out);

        var evalDir = tmp.File("eval");
        var ev = CliRunner.Run("eval", "--model", TinyModel.Dir, "--tokenizer", TestPaths.TestData("tokenizers", "t5", "spiece.model"),
            "--adapter", adapter, "--tasks", "rte", "--limit", "2", "--out", evalDir);
        Assert.True(ev.Code == 0, ev.Out + ev.Err);
        var results = RunResults.Load(evalDir);
        Assert.Contains("(modular ", results.Model);
        Assert.NotEmpty(results.Datasets);
    }

    [Fact]
    public void A_bad_modular_setting_is_one_error_line_naming_the_config_line()
    {
        using var tmp = TestPaths.NewTempDir();
        var (code, _, err) = CliRunner.Run("train", TestPaths.RepoPath("configs", "attempt-tiny.yaml"), $"--run.output_dir={tmp.File("run")}",
            "--modular.prompt_lenght=3", "--logging.progress=none");
        Assert.Equal(2, code);
        Assert.Contains("error: ", err);
        Assert.Contains("modular.prompt_lenght: not a setting of method attempt; did you mean prompt_length", err);
        Assert.DoesNotContain("   at ", err);
        var (code2, _, err2) = CliRunner.Run("train", TestPaths.RepoPath("configs", "attempt-tiny.yaml"), $"--run.output_dir={tmp.File("run2")}",
            "--modular.method=atempt", "--logging.progress=none");
        Assert.Equal(2, code2);
        Assert.Contains("unknown modular method 'atempt'; closest: attempt", err2);
    }

    [Fact]
    public void Compare_trains_each_method_and_tabulates_base_and_methods()
    {
        using var tmp = TestPaths.NewTempDir();
        var (code, output, err) = CliRunner.Run("modular", "compare", TestPaths.RepoPath("configs", "attempt-tiny.yaml"), TestPaths.RepoPath("configs", "hyperprompt-tiny.yaml"),
            "--steps", "2", "--tasks", "rte", "--limit", "2", "--tokenizer", TestPaths.TestData("tokenizers", "t5", "spiece.model"), "--out", tmp.Path);
        Assert.True(code == 0, output + err);
        var table = File.ReadAllText(Path.Combine(tmp.Path, "comparison.md"));
        Assert.Contains("| run | method | rte | average | trainable params | examples | ms / example |", table);
        Assert.Contains("| base | none |", table);
        Assert.Contains("| attempt-tiny | modular attempt |", table);
        Assert.Contains("| hyperprompt-tiny | modular hyperprompt |", table);
        var attempt = table.Split('\n').Single(l => l.StartsWith("| attempt-tiny", StringComparison.Ordinal)).Split('|', StringSplitOptions.TrimEntries);
        Assert.Equal("9,536", attempt[5]); // 4 sources + 8 per-task targets of 8x32, W_down and W_up 100x32, LayerNorm 2x32
        Assert.True(File.Exists(Path.Combine(tmp.Path, "attempt-tiny", "eval", "results.json")));
        Assert.Equal(2, CliRunner.Run("modular", "compare", TestPaths.RepoPath("configs", "attempt-tiny.yaml")).Code);
    }
}
