using T0Sharp.Distributed.Tests.Support;
using T0Sharp.Tests;
using T0Sharp.Training.Checkpoints;

namespace T0Sharp.Distributed.Tests;

/// <summary>
/// A rank that dies or hangs ends the whole run with a clear message, never a hang, and leaves a last checkpoint
/// that resumes, with the same or a different number of processes.
/// </summary>
public class RankFailureTests
{
    static readonly TimeSpan JobLimit = TimeSpan.FromMinutes(3);

    static string[] Args(string dir, int steps, int micro, params string[] extra) =>
        DataParallelTrainingTests.TrainArgs(dir, steps, batch: 8, micro: micro, pack: true, extra: extra);

    [Fact]
    public void Kill_9_of_one_rank_ends_the_run_and_the_last_checkpoint_resumes_on_one_process()
    {
        using var dir = TestPaths.NewTempDir();
        int? victim = null;
        var killed = Launch.Cli(2, Args(dir.Path, 5000, micro: 4), JobLimit, job =>
        {
            if (!Ranks.WaitFor(RunFolder.Checkpoint(dir.Path, 4), job, TimeSpan.FromMinutes(2))) return;
            victim = Ranks.Find(dir.Path, 1);
            if (victim is int pid) Ranks.Signal(pid, "KILL");
        });
        Assert.True(victim is not null, "rank 1 was not found running: " + killed);
        Assert.NotEqual(0, killed.ExitCode);
        // MPICH's mpiexec stops the other rank at once and names the dead one.
        Assert.Matches(@"Killed \(signal 9\)|KILLED BY SIGNAL: 9|EXIT CODE: 9", killed.Output);

        var (last, _) = new CheckpointManager(dir.Path, 0).List()[^1];
        var target = (int)last + 2;
        var resumed = Launch.Cli(1, [.. Args(dir.Path, target, micro: 8), "--resume"]);
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains($"resumed from {RunFolder.Checkpoint(dir.Path, last)} at step {last}", resumed.Output);

        // The data position is the shared stream's: one process continues exactly where the two stopped.
        using var reference = TestPaths.NewTempDir();
        Assert.Equal(0, Launch.Cli(1, Args(reference.Path, target, micro: 8)).ExitCode);
        var difference = RunFolder.MaxAbsDifference(RunFolder.Parameters(RunFolder.Checkpoint(reference.Path, target)),
            RunFolder.Parameters(RunFolder.Checkpoint(dir.Path, target)));
        Assert.True(difference < 2e-5, $"resumed parameters differ from an uninterrupted run by {difference:E2}");
    }

    [Fact]
    public void A_rank_that_hangs_is_detected_by_the_watchdog_and_the_run_resumes_on_two_processes()
    {
        using var dir = TestPaths.NewTempDir();
        int? victim = null;
        var stopped = Launch.Cli(2, Args(dir.Path, 5000, micro: 4, "--distributed.timeout_seconds=8"), JobLimit, job =>
        {
            if (!Ranks.WaitFor(RunFolder.Checkpoint(dir.Path, 2), job, TimeSpan.FromMinutes(2))) return;
            victim = Ranks.Find(dir.Path, 1);
            if (victim is int pid) Ranks.Signal(pid, "STOP");
        });
        Assert.True(victim is not null, "rank 1 was not found running: " + stopped);
        Assert.NotEqual(0, stopped.ExitCode);
        // Rank 0 waits either in a step's all-reduce or in the barrier after a checkpoint, depending on when rank 1 stopped.
        Assert.Matches(@"error: rank 0 of 2, (training step \d+ \(last checkpoint: .*step-\d+\)|saving the checkpoint of step \d+): " +
            "no answer from the other processes for 8 s during MPI (all-reduce|barrier|all-gather)", stopped.Output);

        var (last, _) = new CheckpointManager(dir.Path, 0).List()[^1];
        var resumed = Launch.Cli(2, [.. Args(dir.Path, (int)last + 2, micro: 4), "--resume"]);
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.True(Directory.Exists(RunFolder.Checkpoint(dir.Path, last + 2)));
    }
}
