using System.Text;
using MPI;
using static TorchSharp.torch;

namespace T0Sharp.Distributed.Mpi;

/// <summary>
/// The processes of an <c>mpiexec</c>/<c>srun</c> launch on MPI_COMM_WORLD, through MPI.NET against the system's
/// MPICH-ABI library (<see cref="MpiLibrary"/>). MPI.NET initialises MPI (MPI_THREAD_SERIALIZED) and sets
/// MPI_ERRORS_RETURN on the world communicator, so a collective that fails (a peer died) returns an error code,
/// which becomes a <see cref="ProcessGroupException"/>; every blocking call is watched by a
/// <see cref="CollectiveWatchdog"/>. Tensors and host arrays are reduced in place through their memory
/// (MPI_IN_PLACE), with no copies; counts above 2^31-1 are sent in pieces.
/// </summary>
public sealed unsafe class MpiProcessGroup : IProcessGroup
{
    static readonly IntPtr InPlace = new(-1); // MPICH's MPI_IN_PLACE
    readonly CollectiveWatchdog _watchdog;
    MPI.Environment? _environment;
    bool _failed, _disposed;

    public int Rank { get; private set; }
    public int Size { get; private set; }
    public string Backend => "mpi";
    public string Activity { get; set; } = "";

    MpiProcessGroup(LaunchEnvironment launch, TimeSpan timeout)
    {
        Rank = launch.Rank;
        Size = launch.Size;
        _watchdog = new CollectiveWatchdog(timeout, () => $"rank {Rank} of {Size}{(Activity.Length > 0 ? ", " + Activity : "")}");
    }

    /// <summary>Initialises MPI for a launch detected from the environment; checks that MPI sees the same layout.</summary>
    public static MpiProcessGroup Initialize(LaunchEnvironment launch, TimeSpan timeout)
    {
        MpiLibrary.Register();
        MpiLibrary.Load();
        var group = new MpiProcessGroup(launch, timeout) { Activity = "starting MPI" };
        group._watchdog.Enter("MPI_Init");
        try
        {
            var args = Array.Empty<string>();
            group._environment = new MPI.Environment(ref args, Threading.Serialized);
        }
        catch (Exception e) when (e is not ProcessGroupException)
        {
            group._watchdog.Dispose();
            throw new ProcessGroupException($"MPI initialisation failed with {MpiLibrary.LoadedFrom}: {e.Message}", e);
        }
        finally { group._watchdog.Exit(); }
        var world = Communicator.world;
        if (world.Size != launch.Size || world.Rank != launch.Rank)
        {
            group.Dispose();
            throw new ProcessGroupException(
                $"the launcher started {launch.Size} processes ({launch.Launcher}) but MPI ({MpiLibrary.LoadedFrom}) sees rank {world.Rank} of {world.Size}: " +
                "the launcher and the MPI library do not match; use the mpiexec of the same MPICH installation (Debian: mpiexec.mpich)");
        }
        group.Activity = "";
        return group;
    }

    public void AllReduceSum(Tensor tensor)
    {
        if (tensor.device_type != TorchSharp.DeviceType.CPU)
            throw new ArgumentException($"the MPI process group reduces CPU tensors; this one is on {tensor.device} (use the NCCL group for CUDA)");
        var type = tensor.dtype switch
        {
            ScalarType.Float32 => Unsafe.MPI_FLOAT,
            ScalarType.Float64 => Unsafe.MPI_DOUBLE,
            ScalarType.Int64 => Unsafe.MPI_LONG_LONG,
            _ => throw new ArgumentException($"MPI all-reduce supports float32, float64 and int64 tensors, not {tensor.dtype}"),
        };
        ReduceInPlace(TensorMemory.DataPointer(tensor), tensor.numel(), type, (int)tensor.ElementSize, "all-reduce");
    }

    public void AllReduceSum(Span<double> values)
    {
        fixed (double* p = values) ReduceInPlace((IntPtr)p, values.Length, Unsafe.MPI_DOUBLE, sizeof(double), "all-reduce");
    }

    public void AllReduceSum(Span<long> values)
    {
        fixed (long* p = values) ReduceInPlace((IntPtr)p, values.Length, Unsafe.MPI_LONG_LONG, sizeof(long), "all-reduce");
    }

    void ReduceInPlace(IntPtr data, long count, int type, int elementSize, string op)
    {
        for (long done = 0; done < count;)
        {
            var n = (int)Math.Min(int.MaxValue, count - done);
            var ptr = data + (nint)(done * elementSize);
            Call(op, () => Unsafe.MPI_Allreduce(InPlace, ptr, n, type, Unsafe.MPI_SUM, Unsafe.MPI_COMM_WORLD));
            done += n;
        }
    }

    public void Broadcast(Tensor tensor, int root = 0)
    {
        if (tensor.device_type != TorchSharp.DeviceType.CPU)
            throw new ArgumentException($"the MPI process group broadcasts CPU tensors; this one is on {tensor.device}");
        var bytes = tensor.numel() * tensor.ElementSize;
        var data = TensorMemory.DataPointer(tensor);
        for (long done = 0; done < bytes;)
        {
            var n = (int)Math.Min(int.MaxValue, bytes - done);
            var ptr = data + (nint)done;
            Call("broadcast", () => Unsafe.MPI_Bcast(ptr, n, Unsafe.MPI_BYTE, root, Unsafe.MPI_COMM_WORLD));
            done += n;
        }
    }

    public byte[][] AllGather(ReadOnlySpan<byte> data)
    {
        var lengths = new int[Size];
        lengths[Rank] = data.Length;
        fixed (int* l = lengths)
        {
            var lp = (IntPtr)l;
            Call("all-gather", () => Unsafe.MPI_Allgather(InPlace, 0, Unsafe.MPI_INT, lp, 1, Unsafe.MPI_INT, Unsafe.MPI_COMM_WORLD));
        }
        var displacements = new int[Size];
        long total = 0;
        for (var r = 0; r < Size; r++)
        {
            displacements[r] = (int)total;
            total += lengths[r];
        }
        if (total > int.MaxValue) throw new ArgumentException($"all-gather of {total:N0} bytes exceeds MPI's 2 GiB count limit");
        var all = new byte[Math.Max(1, total)];
        data.CopyTo(all.AsSpan(displacements[Rank]));
        fixed (byte* a = all)
        {
            var ap = (IntPtr)a;
            Call("all-gather", () => Unsafe.MPI_Allgatherv(InPlace, 0, Unsafe.MPI_BYTE, ap, lengths, displacements, Unsafe.MPI_BYTE, Unsafe.MPI_COMM_WORLD));
        }
        return Enumerable.Range(0, Size).Select(r => all.AsSpan(displacements[r], lengths[r]).ToArray()).ToArray();
    }

    public byte[] Broadcast(ReadOnlySpan<byte> data, int root = 0)
    {
        Span<long> length = [Rank == root ? data.Length : 0];
        fixed (long* l = length)
        {
            var lp = (IntPtr)l;
            Call("broadcast", () => Unsafe.MPI_Bcast(lp, 1, Unsafe.MPI_LONG_LONG, root, Unsafe.MPI_COMM_WORLD));
        }
        if (length[0] > int.MaxValue) throw new ArgumentException($"broadcast of {length[0]:N0} bytes exceeds MPI's 2 GiB count limit");
        var buffer = Rank == root ? data.ToArray() : new byte[length[0]];
        if (buffer.Length == 0) return buffer;
        fixed (byte* b = buffer)
        {
            var bp = (IntPtr)b;
            var n = buffer.Length;
            Call("broadcast", () => Unsafe.MPI_Bcast(bp, n, Unsafe.MPI_BYTE, root, Unsafe.MPI_COMM_WORLD));
        }
        return buffer;
    }

    public void Barrier() => Call("barrier", () => Unsafe.MPI_Barrier(Unsafe.MPI_COMM_WORLD));

    public void MarkFailed() => _failed = true;

    void Call(string op, Func<int> call)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_failed) throw new ProcessGroupException($"rank {Rank} of {Size}: an earlier collective failed; no further {op} is possible");
        int rc;
        _watchdog.Enter($"MPI {op}");
        try { rc = call(); }
        finally { _watchdog.Exit(); }
        if (rc == Unsafe.MPI_SUCCESS) return;
        _failed = true;
        throw new ProcessGroupException(
            $"rank {Rank} of {Size}: MPI {op} failed ({ErrorString(rc)}){(Activity.Length > 0 ? " during " + Activity : "")}; " +
            "another process has probably died. Continue from the last checkpoint with --resume");
    }

    static string ErrorString(int code)
    {
        var text = new byte[Unsafe.MPI_MAX_ERROR_STRING];
        var length = 0;
        return Unsafe.MPI_Error_string(code, text, ref length) == Unsafe.MPI_SUCCESS
            ? Encoding.ASCII.GetString(text, 0, Math.Clamp(length, 0, text.Length)).Trim()
            : $"MPI error {code}";
    }

    /// <summary>
    /// Finalises MPI (MPI_Finalize waits for the other processes, under the watchdog). After a failure (a failed
    /// collective, or <see cref="MarkFailed"/>) MPI is left as it is: MPI_Finalize could block on processes stuck
    /// in a collective, and MPI_Abort would end this process before it reports its error. The process exits, and
    /// the launcher stops the others.
    /// </summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (!_failed)
        {
            _watchdog.Enter("MPI_Finalize");
            try { _environment?.Dispose(); }
            finally { _watchdog.Exit(); }
        }
        _watchdog.Dispose();
    }
}
