using static TorchSharp.torch;

namespace T0Sharp.Distributed;

/// <summary>
/// The processes of one run and the collectives they perform together. Every process must call the same
/// collectives in the same order with the same sizes (the MPI contract). Rank 0 is the primary process.
/// A collective that fails because another process died throws <see cref="ProcessGroupException"/>; one that
/// gets no answer within the group's timeout prints a message naming <see cref="Activity"/> and ends this
/// process (see <see cref="CollectiveWatchdog"/>), so a lost rank never leaves the others hanging.
/// </summary>
public interface IProcessGroup : IDisposable
{
    /// <summary>This process's rank, 0 ≤ Rank &lt; Size.</summary>
    int Rank { get; }

    /// <summary>Number of processes in the run.</summary>
    int Size { get; }

    /// <summary>"single", "mpi" or "nccl": what config.resolved.yaml records as distributed.backend.</summary>
    string Backend { get; }

    /// <summary>What this process is doing ("training step 12; last checkpoint ..."), quoted in failure messages.</summary>
    string Activity { get; set; }

    /// <summary>
    /// Sums a contiguous float32 or float64 tensor over all processes, in place. MPI reduces CPU tensors; NCCL
    /// reduces CUDA tensors on the tensor's device.
    /// </summary>
    void AllReduceSum(Tensor tensor);

    /// <summary>Sums host values over all processes, in place.</summary>
    void AllReduceSum(Span<double> values);

    /// <summary>Sums host values over all processes, in place.</summary>
    void AllReduceSum(Span<long> values);

    /// <summary>Copies <paramref name="tensor"/> of process <paramref name="root"/> into every process's tensor (same shape and dtype everywhere).</summary>
    void Broadcast(Tensor tensor, int root = 0);

    /// <summary>Every process's bytes, indexed by rank (lengths may differ between processes).</summary>
    byte[][] AllGather(ReadOnlySpan<byte> data);

    /// <summary>The bytes of process <paramref name="root"/> (the other processes pass anything, e.g. empty).</summary>
    byte[] Broadcast(ReadOnlySpan<byte> data, int root = 0);

    /// <summary>Returns when every process has called it.</summary>
    void Barrier();

    /// <summary>
    /// Records that this process failed (an exception the others do not share): disposing the group then does not
    /// finalize MPI, which would wait for processes blocked in a collective. The process reports its error and
    /// exits; the launcher stops the others (or their watchdogs do).
    /// </summary>
    void MarkFailed();
}

/// <summary>Conveniences over <see cref="IProcessGroup"/>.</summary>
public static class ProcessGroupExtensions
{
    public static bool IsPrimary(this IProcessGroup group) => group.Rank == 0;

    /// <summary>True on every process when <paramref name="flag"/> is true on any process (a collective).</summary>
    public static bool Any(this IProcessGroup group, bool flag)
    {
        if (group.Size == 1) return flag;
        Span<long> v = [flag ? 1 : 0];
        group.AllReduceSum(v);
        return v[0] > 0;
    }

    /// <summary>A string every process receives from <paramref name="root"/>.</summary>
    public static string BroadcastString(this IProcessGroup group, string? value, int root = 0) =>
        group.Size == 1 ? value ?? "" : System.Text.Encoding.UTF8.GetString(group.Broadcast(System.Text.Encoding.UTF8.GetBytes(value ?? ""), root));
}

/// <summary>A collective failed: another process died, the MPI/NCCL library is missing, or the launch is inconsistent.</summary>
public sealed class ProcessGroupException(string message, Exception? inner = null) : Exception(message, inner);
