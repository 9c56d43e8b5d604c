using System.Text.Json.Nodes;
using T0Sharp.Training.Data;
using T0Sharp.Training.Loop;
using T0Sharp.Training.Options;
using T0Sharp.Training.Tests.Support;
using Xunit;
using static TorchSharp.torch;

namespace T0Sharp.Training.Tests;

/// <summary>The training loop on a small copy-task module: learning, exact resume, interruption, divergence, leaks.</summary>
public class TrainerTests
{
    static (List<double> Losses, float[] Params, TrainingResult Result) Train(TrainOptions o, string? resume = null,
        CancellationToken ct = default, Action<Trainer>? setup = null, TinyCopyModel? model = null)
    {
        using var m = model ?? new TinyCopyModel();
        var stream = new CopyTaskStream();
        using var trainer = new Trainer(o, m, stream, new ValidationSet([new CopyTaskStream(seed: 1234).Next(16)], CopyTaskStream.RankItems(12)));
        var losses = new List<double>();
        trainer.Event += e => { if (e is StepEvent s) losses.Add(s.Loss); };
        setup?.Invoke(trainer);
        var result = trainer.Run(resume, ct);
        return (losses, m.FlatParameters(), result);
    }

    [Fact]
    public void Training_lowers_validation_loss_and_writes_metrics_and_checkpoints()
    {
        using var dir = T0Sharp.Tests.TestPaths.NewTempDir();
        var o = TestOptions.Tiny(dir.Path, maxSteps: 60) with { Eval = new EvalSection { EverySteps = 30 } };
        var evals = new List<EvalEvent>();
        var (losses, _, result) = Train(o, setup: t => t.Event += e => { if (e is EvalEvent v) evals.Add(v); });
        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        Assert.Equal(60, losses.Count);
        Assert.True(losses.Skip(50).Average() < 0.5 * losses.Take(5).Average(), $"loss {losses[0]} -> {losses[^1]}");
        Assert.Equal(2, evals.Count);
        Assert.True(evals[1].Loss < evals[0].Loss * 1.05 && evals[1].Loss < Math.Log(16) * 0.5);
        Assert.True(evals[1].Accuracy >= 0.75, $"accuracy {evals[1].Accuracy}");
        Assert.Equal(new[] { "copy_a", "copy_b" }, evals[1].TaskAccuracy.Keys.Order());

        var lines = File.ReadAllLines(Path.Combine(dir.Path, "metrics.jsonl")).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(60, lines.Count(l => (string?)l["kind"] == "train"));
        Assert.Equal(2, lines.Count(l => (string?)l["kind"] == "eval"));
        Assert.Single(Directory.GetFiles(Path.Combine(dir.Path, "tensorboard")));
        Assert.True(File.Exists(Path.Combine(dir.Path, "config.resolved.yaml")));
        var kept = Directory.GetDirectories(Path.Combine(dir.Path, "checkpoints")).Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(new[] { "step-000055", "step-000060" }, kept);
        foreach (var f in new[] { "model/model.safetensors", "optimizer.safetensors", "rng.safetensors", "config.resolved.yaml", "trainer_state.json" })
            Assert.True(File.Exists(Path.Combine(result.LastCheckpoint!, f)), f);
    }

    [Fact]
    public void A_run_stopped_and_resumed_matches_an_uninterrupted_run_exactly()
    {
        using var a = T0Sharp.Tests.TestPaths.NewTempDir();
        using var b = T0Sharp.Tests.TestPaths.NewTempDir();
        var full = Train(TestOptions.Tiny(a.Path, maxSteps: 14));

        // Stop after 6 steps (checkpoint at 5 and a final one at 6), then resume from "latest" into a fresh model.
        var first = Train(TestOptions.Tiny(b.Path, maxSteps: 6));
        var second = Train(TestOptions.Tiny(b.Path, maxSteps: 14), resume: "latest", model: new TinyCopyModel(seed: 999));

        Assert.Equal(full.Losses, first.Losses.Concat(second.Losses)); // bit-identical doubles
        Assert.Equal(full.Params, second.Params);
        var steps = File.ReadAllLines(Path.Combine(b.Path, "metrics.jsonl")).Select(l => JsonNode.Parse(l)!)
            .Where(n => (string?)n["kind"] == "train").Select(n => (long)n["step"]!).ToList();
        Assert.Equal(Enumerable.Range(1, 14).Select(i => (long)i), steps);
    }

    [Fact]
    public void Cancellation_writes_a_checkpoint_that_resumes_exactly()
    {
        using var a = T0Sharp.Tests.TestPaths.NewTempDir();
        using var b = T0Sharp.Tests.TestPaths.NewTempDir();
        var full = Train(TestOptions.Tiny(a.Path, maxSteps: 10));
        using var cts = new CancellationTokenSource();
        var first = Train(TestOptions.Tiny(b.Path, maxSteps: 10), ct: cts.Token,
            setup: t => t.Event += e => { if (e is StepEvent { Step: 7 }) cts.Cancel(); });
        Assert.Equal(TrainingOutcome.Interrupted, first.Result.Outcome);
        Assert.Equal(7, first.Result.Step);
        Assert.EndsWith("step-000007", first.Result.LastCheckpoint);
        var second = Train(TestOptions.Tiny(b.Path, maxSteps: 10), resume: first.Result.LastCheckpoint);
        Assert.Equal(full.Losses, first.Losses.Concat(second.Losses));
        Assert.Equal(full.Params, second.Params);
    }

    [Fact]
    public void A_partially_written_checkpoint_is_ignored_on_resume()
    {
        using var dir = T0Sharp.Tests.TestPaths.NewTempDir();
        Train(TestOptions.Tiny(dir.Path, maxSteps: 5));
        var root = Path.Combine(dir.Path, "checkpoints");
        var partial = Path.Combine(root, ".tmp-step-000008-0123");
        Directory.CreateDirectory(Path.Combine(partial, "model"));
        File.WriteAllText(Path.Combine(partial, "optimizer.safetensors"), "garbage");
        var resumed = new List<MessageEvent>();
        var r = Train(TestOptions.Tiny(dir.Path, maxSteps: 6), resume: "latest",
            setup: t => t.Event += e => { if (e is MessageEvent m) resumed.Add(m); });
        Assert.Equal(6, r.Result.Step);
        Assert.Contains(resumed, m => m.Text.Contains("resumed from") && m.Text.Contains("step-000005"));
        Assert.False(Directory.Exists(partial));
    }

    [Fact]
    public void Gradient_accumulation_equals_one_large_batch()
    {
        using var a = T0Sharp.Tests.TestPaths.NewTempDir();
        using var b = T0Sharp.Tests.TestPaths.NewTempDir();
        var whole = TestOptions.Tiny(a.Path, maxSteps: 4) with { Data = TestOptions.Tiny(a.Path).Data with { MicroBatchSize = 8 } };
        var split = TestOptions.Tiny(b.Path, maxSteps: 4) with { Data = TestOptions.Tiny(b.Path).Data with { MicroBatchSize = 2 } };
        var x = Train(whole with { Model = new ModelSection { DropoutRate = 0 } }, model: new TinyCopyModel(dropout: 0));
        var y = Train(split with { Model = new ModelSection { DropoutRate = 0 } }, model: new TinyCopyModel(dropout: 0));
        for (var i = 0; i < 4; i++) Assert.True(Math.Abs(x.Losses[i] - y.Losses[i]) < 1e-5, $"loss {i}: {x.Losses[i]} vs {y.Losses[i]}");
        for (var i = 0; i < x.Params.Length; i++) Assert.True(Math.Abs(x.Params[i] - y.Params[i]) < 1e-5, $"param {i}: {x.Params[i]} vs {y.Params[i]}");
        Assert.NotEqual(x.Losses[0], x.Losses[3]);
    }

    [Fact]
    public void A_nan_loss_stops_the_run_and_leaves_the_last_checkpoint_intact()
    {
        using var dir = T0Sharp.Tests.TestPaths.NewTempDir();
        var model = new TinyCopyModel { PoisonAtCall = 2 * 7 + 1 }; // first micro-batch of step 8 (2 micro-batches per step)
        var e = Assert.Throws<TrainingDivergedException>(() => Train(TestOptions.Tiny(dir.Path, maxSteps: 20), model: model));
        Assert.Contains("NaN at step 8", e.Message);
        Assert.Contains("step-000005", e.Message);
        var again = Train(TestOptions.Tiny(dir.Path, maxSteps: 6), resume: "latest");
        Assert.Equal(6, again.Result.Step);
    }

    [Fact]
    public void Live_tensor_count_stays_flat_across_steps()
    {
        using var dir = T0Sharp.Tests.TestPaths.NewTempDir();
        using var model = new TinyCopyModel();
        var o = TestOptions.Tiny(dir.Path, maxSteps: 12) with { Checkpoint = new CheckpointSection { EverySteps = 0 } };
        using var trainer = new Trainer(o, model, new CopyTaskStream());
        var live = new List<long>();
        trainer.Event += e => { if (e is StepEvent) live.Add(TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount); };
        trainer.Run();
        // After the optimizer state exists (step 1), every later step ends with the same number of live tensors.
        Assert.All(live.Skip(2), n => Assert.Equal(live[1], n));
    }
}

public class TrainerGuardTests
{
    [Fact]
    public void A_fresh_run_refuses_an_output_dir_that_already_has_checkpoints()
    {
        using var dir = T0Sharp.Tests.TestPaths.NewTempDir();
        var o = Support.TestOptions.Tiny(dir.Path, maxSteps: 2);
        using (var m = new Support.TinyCopyModel())
        using (var t = new Trainer(o, m, new Support.CopyTaskStream())) t.Run();
        using var m2 = new Support.TinyCopyModel();
        using var t2 = new Trainer(o, m2, new Support.CopyTaskStream());
        var e = Assert.Throws<InvalidOperationException>(() => t2.Run());
        Assert.Contains("--resume", e.Message);
    }
}
