namespace T0Sharp.Distributed.Tests;

public class CollectiveWatchdogTests
{
    [Fact]
    public async Task A_collective_past_the_timeout_reports_the_operation_and_the_activity()
    {
        var fired = new TaskCompletionSource<string>();
        using var dog = new CollectiveWatchdog(TimeSpan.FromMilliseconds(200), () => "rank 1 of 2, training step 7", m => fired.TrySetResult(m));
        dog.Enter("MPI all-reduce");
        var message = await fired.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("error: rank 1 of 2, training step 7: no answer from the other processes for 0.2 s during MPI all-reduce. " +
            "Another process has probably died or hangs; stopping this one. Continue from the last checkpoint with --resume.", message);
    }

    [Fact]
    public void Collectives_that_finish_in_time_never_fire()
    {
        var fired = 0;
        using var dog = new CollectiveWatchdog(TimeSpan.FromMilliseconds(300), () => "rank 0 of 2", _ => Interlocked.Increment(ref fired));
        for (var i = 0; i < 20; i++)
        {
            dog.Enter("MPI barrier");
            Thread.Sleep(20);
            dog.Exit();
        }
        Thread.Sleep(500); // idle time between collectives does not count
        Assert.Equal(0, fired);
    }
}
