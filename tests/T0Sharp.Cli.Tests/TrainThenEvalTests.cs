using T0Sharp.Cli.Tests.Support;
using T0Sharp.Evaluation.Results;
using T0Sharp.Tests;
using T0Sharp.Training.Checkpoints;

namespace T0Sharp.Cli.Tests;

/// <summary>A checkpoint <c>train</c> has just written is a complete model folder: <c>eval</c> runs on it with nothing else given.</summary>
public class TrainThenEvalTests
{
    [Fact]
    public void Eval_runs_on_a_freshly_saved_checkpoint_with_its_own_tokenizer()
    {
        using var dir = TestPaths.NewTempDir();
        var trained = CliRun.Run("train", Fixtures.TrainConfig(dir, TestPaths.RepoPath("configs", "data", "tiny-train.jsonl")));
        Assert.True(trained.Code == 0, trained.ToString());
        var model = Path.Combine(dir.Path, "run", "checkpoints", "step-000002", CheckpointIo.ModelDir);

        // no --tokenizer: the checkpoint carries its tokenizer files
        var out1 = dir.File("eval1");
        var ev = CliRun.Run("eval", "--model", model, "--tasks", "rte", "--limit", "3", "--out", out1);
        Assert.True(ev.Code == 0, ev.ToString());
        var results = RunResults.Load(out1);
        Assert.Equal("t-zero", results.EosConvention);
        var records = ResultStore.ReadAll(Path.Combine(out1, "examples.jsonl"));
        Assert.NotEmpty(records);
        Assert.All(records, r => Assert.Equal(ExampleRecord.RankKind, r.Kind));
        Assert.Equal(records.Select(r => r.Template).Distinct().Count() * 3, records.Count);
        Assert.All(records, r => Assert.All(r.LogProbSum!, s => Assert.True(double.IsFinite(s) && s < 0, $"log-prob sum {s}")));

        // the same checkpoint evaluated again, batch by batch, gives the same log-probabilities (the folder is read, not the run's memory)
        var out2 = dir.File("eval2");
        var again = CliRun.Run("eval", "--model", model, "--tasks", "rte", "--limit", "3", "--batch-size", "1", "--out", out2);
        Assert.True(again.Code == 0, again.ToString());
        var second = ResultStore.ReadAll(Path.Combine(out2, "examples.jsonl")).ToDictionary(r => (r.Template, r.Index));
        foreach (var r in records)
            Assert.All(r.LogProbSum!.Zip(second[(r.Template, r.Index)].LogProbSum!), p => Assert.True(Math.Abs(p.First - p.Second) < 1e-4, $"{p.First} vs {p.Second}")); // fp32 rounding across batch shapes
    }
}
