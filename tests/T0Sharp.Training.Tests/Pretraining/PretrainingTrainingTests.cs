using T0Sharp.Training.Loop;
using T0Sharp.Training.Options;
using T0Sharp.Training.Setup;
using T0Sharp.Tests;
using Xunit.Abstractions;

namespace T0Sharp.Training.Tests.Pretraining;

/// <summary>
/// Each pretraining config (configs/pretrain-*-tiny.yaml) end to end through <c>t0sharp train</c>'s session on its
/// tiny fixture: raw text → objective → feature converter → optimizer. The training loss falls over a few dozen steps.
/// </summary>
public class PretrainingTrainingTests(ITestOutputHelper output)
{
    static TrainOptions Options(string config, string dir, int steps, params string[] extra)
    {
        // The configs' fixture paths resolve against configs/, so the tests run from any folder.
        return OptionsLoader.Load(TestPaths.RepoPath("configs", config),
        [
            "--run.output_dir=" + dir, "--run.max_steps=" + steps, "--run.threads=2",
            "--data.text_files=" + TestPaths.RepoPath("assets", "pretraining", "tiny-corpus.txt"),
            "--logging.progress=none", "--logging.every_steps=1", "--checkpoint.every_steps=0", .. extra,
        ]);
    }

    List<double> Train(TrainOptions o)
    {
        var losses = new List<double>();
        var result = TrainingSession.Run(o, observe: t => t.Event += e => { if (e is StepEvent s) losses.Add(s.Loss); });
        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        return losses;
    }

    [Theory]
    [InlineData("pretrain-span-corruption-tiny.yaml")]
    [InlineData("pretrain-prefix-lm-tiny.yaml")]
    [InlineData("pretrain-causal-lm-tiny.yaml")]
    [InlineData("pretrain-alexatm-tiny.yaml")]
    [InlineData("pretrain-ul2-tiny.yaml")]
    public void The_loss_falls_over_a_few_dozen_steps(string config)
    {
        using var dir = TestPaths.NewTempDir();
        const int steps = 40;
        var losses = Train(Options(config, dir.Path, steps));
        Assert.Equal(steps, losses.Count);
        var first = losses.Take(5).Average();
        var last = losses.Skip(steps - 5).Average();
        output.WriteLine($"{config}: mean loss of steps 1-5 {first:F3}, of steps {steps - 4}-{steps} {last:F3}");
        Assert.True(last < 0.75 * first, $"{config}: loss {first:F3} -> {last:F3}");
    }
}
