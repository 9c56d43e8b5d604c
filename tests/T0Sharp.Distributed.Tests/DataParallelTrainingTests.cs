using System.Text.Json;
using T0Sharp.Distributed.Tests.Support;
using T0Sharp.Tests;

namespace T0Sharp.Distributed.Tests;

/// <summary>
/// `mpiexec -n 2 t0sharp train` against one process on the same global batch: 2 ranks × micro-batch b give the
/// update of 1 rank × batch 2b (the loss is normalised by global counts and gradients are summed), up to float
/// summation order. A tiny T5 from scratch on the bundled rendered mixture, dropout off (each rank has its own
/// dropout generator, so masks differ from one process's by design).
/// </summary>
public class DataParallelTrainingTests
{
    // Adafactor's updates are O(lr) = 3e-3 per step; six steps move parameters by ~1e-2. Summation order changes
    // the float32 results by ~1e-7 relative; 2e-5 absolute is far below one step's movement and far above noise.
    const double Tolerance = 2e-5;

    public static string[] TrainArgs(string outDir, int steps, int batch, int micro, bool pack, string normalization = "token_mean",
        params string[] extra) =>
    [
        "train", TestPaths.RepoPath("configs", "tiny-cpu.yaml"),
        "--run.output_dir=" + outDir, $"--run.max_steps={steps}", "--run.threads=1",
        "--data.train_files=" + TestPaths.RepoPath("configs", "data", "tiny-train.jsonl"), "--data.validation_files=null",
        "--data.input_length=32", "--data.target_length=8", $"--data.batch_size={batch}", $"--data.micro_batch_size={micro}",
        $"--data.pack={(pack ? "true" : "false")}", $"--loss.normalization={normalization}",
        "--model.dropout_rate=0", "--checkpoint.every_steps=2", "--checkpoint.keep_last=0",
        "--logging.every_steps=1", "--logging.progress=plain", "--optimizer.learning_rate=3e-3", .. extra,
    ];

    static void AssertSameTraining(string single, string distributed, int steps)
    {
        var a = RunFolder.Parameters(RunFolder.Checkpoint(single, steps));
        var b = RunFolder.Parameters(RunFolder.Checkpoint(distributed, steps));
        var difference = RunFolder.MaxAbsDifference(a, b);
        Assert.True(difference < Tolerance, $"parameters differ by up to {difference:E2}");
        // The tolerance is meaningful: training moved the parameters far more than it between checkpoints.
        var moved = RunFolder.MaxAbsDifference(RunFolder.Parameters(RunFolder.Checkpoint(single, 2)), a);
        Assert.True(moved > 100 * Tolerance, $"parameters moved only {moved:E2} between steps 2 and {steps}");

        var m1 = RunFolder.TrainMetrics(single);
        var m2 = RunFolder.TrainMetrics(distributed);
        Assert.Equal(steps, m1.Count);
        Assert.Equal(steps, m2.Count); // rank 0 alone writes metrics.jsonl
        for (var i = 0; i < steps; i++)
        {
            Assert.Equal(m1[i].GetProperty("loss").GetDouble(), m2[i].GetProperty("loss").GetDouble(), 1e-4);
            Assert.Equal(m1[i].GetProperty("token_loss").GetDouble(), m2[i].GetProperty("token_loss").GetDouble(), 1e-4);
            // Token counts are global sums: exactly those of the single process.
            Assert.Equal(m1[i].GetProperty("target_tokens_seen").GetDouble(), m2[i].GetProperty("target_tokens_seen").GetDouble());
            Assert.Equal(m1[i].GetProperty("input_tokens_seen").GetDouble(), m2[i].GetProperty("input_tokens_seen").GetDouble());
        }
        var resolved = File.ReadAllText(Path.Combine(distributed, "config.resolved.yaml"));
        Assert.Contains("world_size: 2", resolved);
        Assert.Contains("backend: \"mpi\"", resolved);
        Assert.Contains("world_size: 1", File.ReadAllText(Path.Combine(single, "config.resolved.yaml")));
    }

    static void Train(int processes, string[] args)
    {
        var r = Launch.Cli(processes, args);
        Assert.True(r.ExitCode == 0, r.ToString());
    }

    [Fact]
    public void Two_ranks_with_micro_batch_4_match_one_rank_with_batch_8()
    {
        using var one = TestPaths.NewTempDir();
        using var two = TestPaths.NewTempDir();
        Train(1, TrainArgs(one.Path, 6, batch: 8, micro: 8, pack: false));
        Train(2, TrainArgs(two.Path, 6, batch: 8, micro: 4, pack: false));
        AssertSameTraining(one.Path, two.Path, 6);
    }

    [Fact]
    public void Two_ranks_with_gradient_accumulation_match_one_rank_with_batch_8_and_sequence_mean_loss()
    {
        using var one = TestPaths.NewTempDir();
        using var two = TestPaths.NewTempDir();
        // Each rank runs two micro-batches of 2 rows per step; the per-sequence mean divides by the global sequence count.
        Train(1, TrainArgs(one.Path, 6, batch: 8, micro: 8, pack: false, normalization: "sequence_mean"));
        Train(2, TrainArgs(two.Path, 6, batch: 8, micro: 2, pack: false, normalization: "sequence_mean"));
        AssertSameTraining(one.Path, two.Path, 6);
    }

    [Fact]
    public void Two_ranks_with_packing_match_one_rank_with_batch_8()
    {
        using var one = TestPaths.NewTempDir();
        using var two = TestPaths.NewTempDir();
        // Rows are packed from the shared stream before they are split between ranks, so the rows are the same.
        Train(1, TrainArgs(one.Path, 6, batch: 8, micro: 8, pack: true));
        Train(2, TrainArgs(two.Path, 6, batch: 8, micro: 4, pack: true));
        AssertSameTraining(one.Path, two.Path, 6);
    }

    [Fact]
    public void Two_ranks_match_one_rank_with_the_t_few_objective_on_choice_batches()
    {
        using var one = TestPaths.NewTempDir();
        using var two = TestPaths.NewTempDir();
        // Batches count examples (every answer choice is a row); the unlikelihood and length-normalised terms divide
        // by the step's wrong-choice tokens and examples, summed over the ranks.
        Train(1, TrainArgs(one.Path, 4, batch: 4, micro: 4, pack: false, extra: "--loss.objective=t_few"));
        Train(2, TrainArgs(two.Path, 4, batch: 4, micro: 2, pack: false, extra: "--loss.objective=t_few"));
        AssertSameTraining(one.Path, two.Path, 4);
    }

    [Fact]
    public void A_batch_that_does_not_divide_among_the_ranks_is_a_clear_configuration_error()
    {
        using var two = TestPaths.NewTempDir();
        var r = Launch.Cli(2, TrainArgs(two.Path, 2, batch: 8, micro: 8, pack: false));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("error: data.batch_size (8) must be a multiple of data.micro_batch_size (8) × 2 processes = 16", r.Output);
    }
}
