using System.Diagnostics;
using System.Runtime.InteropServices;

namespace T0Sharp.Distributed;

/// <summary>
/// Ends a process that waits too long in a collective. A process that dies or hangs leaves the others blocked
/// inside MPI or NCCL, where no exception can reach them; MPICH's mpiexec tears the job down when a process
/// dies, but srun without --kill-on-bad-exit, or a process that hangs (stopped, deadlocked, stuck in I/O), does
/// not. A background thread watches the collective in progress and, past the timeout, prints one clear line
/// to stderr (the operation, this rank, what it was doing) and ends the process with exit code 1 without
/// running finalizers (they could block in MPI). The launcher then stops the remaining processes.
/// </summary>
public sealed class CollectiveWatchdog : IDisposable
{
    readonly TimeSpan _timeout;
    readonly Func<string> _describe;
    readonly Action<string> _onTimeout;
    readonly Thread _thread;
    readonly object _gate = new();
    string? _operation;
    long _startedAt;
    bool _disposed;

    /// <param name="timeout">How long one collective may wait; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> disables the watchdog.</param>
    /// <param name="describe">Who and where: "rank 1 of 2, training step 12 (last checkpoint ...)".</param>
    /// <param name="onTimeout">Receives the message; the default prints it and exits the process (tests pass their own).</param>
    public CollectiveWatchdog(TimeSpan timeout, Func<string> describe, Action<string>? onTimeout = null)
    {
        _timeout = timeout;
        _describe = describe;
        _onTimeout = onTimeout ?? PrintAndExit;
        _thread = new Thread(Watch) { IsBackground = true, Name = "collective watchdog" };
        if (timeout != System.Threading.Timeout.InfiniteTimeSpan) _thread.Start();
    }

    /// <summary>How long one collective may wait.</summary>
    public TimeSpan Limit => _timeout;

    /// <summary>Marks the start of a blocking collective named <paramref name="operation"/>.</summary>
    public void Enter(string operation)
    {
        lock (_gate)
        {
            _operation = operation;
            _startedAt = Stopwatch.GetTimestamp();
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Marks the end of the collective started by <see cref="Enter"/>.</summary>
    public void Exit()
    {
        lock (_gate) { _operation = null; Monitor.PulseAll(_gate); }
    }

    void Watch()
    {
        lock (_gate)
        {
            while (!_disposed)
            {
                if (_operation is null) { Monitor.Wait(_gate); continue; }
                var waited = Stopwatch.GetElapsedTime(_startedAt);
                if (waited < _timeout) { Monitor.Wait(_gate, _timeout - waited); continue; }
                var op = _operation;
                _operation = null;
                var message = FormattableString.Invariant(
                    $"error: {_describe()}: no answer from the other processes for {_timeout.TotalSeconds:0.#} s during {op}. ") +
                    "Another process has probably died or hangs; stopping this one. Continue from the last checkpoint with --resume.";
                Monitor.Exit(_gate);
                try { _onTimeout(message); }
                finally { Monitor.Enter(_gate); }
            }
        }
    }

    static void PrintAndExit(string message)
    {
        try { Console.Error.WriteLine(message); Console.Error.Flush(); Console.Out.Flush(); } catch (IOException) { }
        Terminate(1);
    }

    [DllImport("libc", EntryPoint = "_exit")] static extern void LibcExit(int status);

    /// <summary>Ends the process now with <paramref name="exitCode"/>, skipping finalizers and exit handlers (which could block in MPI).</summary>
    public static void Terminate(int exitCode)
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            try { LibcExit(exitCode); } catch (DllNotFoundException) { } catch (EntryPointNotFoundException) { }
        }
        Environment.FailFast($"exit {exitCode}");
    }

    public void Dispose()
    {
        lock (_gate) { _disposed = true; Monitor.PulseAll(_gate); }
    }
}
