using TorchSharp;
using static TorchSharp.torch;

namespace T0Sharp.Distributed.Nccl;

/// <summary>
/// GPU collectives through NCCL for CUDA tensors, one GPU per process (the process's local rank), with an MPI
/// group underneath for bootstrap and host values: rank 0 creates the NCCL unique id and broadcasts it over MPI,
/// every rank calls ncclCommInitRank on its device, and host arrays, byte gathers and barriers go through MPI.
/// NCCL runs on the legacy default CUDA stream, which orders it with torch's kernels on that stream; each
/// collective is followed by a device synchronisation so that a hang surfaces inside the watched call.
/// Written against NCCL's C API; not exercised by the test suite (no GPU on the CI machine).
/// </summary>
public sealed unsafe class NcclProcessGroup : IProcessGroup
{
    readonly IProcessGroup _host;
    readonly NcclApi _api;
    readonly IntPtr _comm;
    readonly Device _device;
    readonly CollectiveWatchdog _watchdog;
    bool _failed, _disposed;

    public int Rank => _host.Rank;
    public int Size => _host.Size;
    public string Backend => "nccl";
    public string Activity { get => _host.Activity; set => _host.Activity = value; }

    /// <summary>The CUDA device this process reduces on.</summary>
    public Device Device => _device;

    NcclProcessGroup(IProcessGroup host, NcclApi api, IntPtr comm, Device device, CollectiveWatchdog watchdog)
    {
        (_host, _api, _comm, _device, _watchdog) = (host, api, comm, device, watchdog);
    }

    /// <summary>Creates the NCCL communicator over <paramref name="host"/>'s processes on CUDA device <paramref name="deviceIndex"/>.</summary>
    public static NcclProcessGroup Initialize(IProcessGroup host, int deviceIndex, TimeSpan timeout)
    {
        var api = NcclApi.Load();
        if (!cuda.is_available()) throw new ProcessGroupException("distributed.backend nccl needs CUDA, but torch sees no CUDA device (is TorchSharp-cuda installed?)");
        if (deviceIndex >= cuda.device_count())
            throw new ProcessGroupException($"rank {host.Rank} wants CUDA device {deviceIndex} but this machine has {cuda.device_count()}: start at most that many processes per machine");
        NcclApi.SetCurrentDevice(deviceIndex);
        NcclUniqueId id = default;
        if (host.Rank == 0) Check(api, api.GetUniqueId(&id), "ncclGetUniqueId", host.Rank);
        var idBytes = host.Broadcast(new ReadOnlySpan<byte>(&id, sizeof(NcclUniqueId)));
        if (idBytes.Length != sizeof(NcclUniqueId)) throw new ProcessGroupException("the NCCL unique id broadcast over MPI has the wrong size");
        fixed (byte* src = idBytes) Buffer.MemoryCopy(src, &id, sizeof(NcclUniqueId), sizeof(NcclUniqueId));
        var watchdog = new CollectiveWatchdog(timeout, () => $"rank {host.Rank} of {host.Size}{(host.Activity.Length > 0 ? ", " + host.Activity : "")}");
        IntPtr comm;
        watchdog.Enter("ncclCommInitRank");
        try { Check(api, api.CommInitRank(&comm, host.Size, id, host.Rank), "ncclCommInitRank", host.Rank); }
        finally { watchdog.Exit(); }
        return new NcclProcessGroup(host, api, comm, new Device(DeviceType.CUDA, deviceIndex), watchdog);
    }

    public void AllReduceSum(Tensor tensor)
    {
        if (tensor.device_type != DeviceType.CUDA) { _host.AllReduceSum(tensor); return; }
        var ptr = DevicePointer(tensor);
        var type = DataType(tensor.dtype);
        Run("all-reduce", () => _api.AllReduce(ptr, ptr, (nuint)tensor.numel(), type, NcclApi.Sum, _comm, IntPtr.Zero));
    }

    public void Broadcast(Tensor tensor, int root = 0)
    {
        if (tensor.device_type != DeviceType.CUDA) { _host.Broadcast(tensor, root); return; }
        var ptr = DevicePointer(tensor);
        var type = DataType(tensor.dtype);
        Run("broadcast", () => _api.Broadcast(ptr, ptr, (nuint)tensor.numel(), type, root, _comm, IntPtr.Zero));
    }

    public void AllReduceSum(Span<double> values) => _host.AllReduceSum(values);
    public void AllReduceSum(Span<long> values) => _host.AllReduceSum(values);
    public byte[][] AllGather(ReadOnlySpan<byte> data) => _host.AllGather(data);
    public byte[] Broadcast(ReadOnlySpan<byte> data, int root = 0) => _host.Broadcast(data, root);
    public void Barrier() => _host.Barrier();

    public void MarkFailed()
    {
        _failed = true;
        _host.MarkFailed();
    }

    IntPtr DevicePointer(Tensor t)
    {
        if (t.device.index != _device.index)
            throw new ArgumentException($"rank {Rank} reduces on {_device}, but the tensor is on {t.device}");
        return TensorMemory.DataPointer(t);
    }

    static int DataType(ScalarType t) => t switch
    {
        ScalarType.Float32 => NcclApi.Float32,
        ScalarType.Float64 => NcclApi.Float64,
        ScalarType.BFloat16 => NcclApi.BFloat16,
        ScalarType.Float16 => NcclApi.Float16,
        ScalarType.Int64 => NcclApi.Int64,
        _ => throw new ArgumentException($"NCCL all-reduce does not support {t} tensors"),
    };

    void Run(string op, Func<int> call)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_failed) throw new ProcessGroupException($"rank {Rank} of {Size}: an earlier NCCL call failed; no further {op} is possible");
        _watchdog.Enter($"NCCL {op}");
        try
        {
            var result = call();
            if (result != 0)
            {
                _failed = true;
                throw new ProcessGroupException($"rank {Rank} of {Size}: NCCL {op} failed: {_api.Error(result)}" +
                    (Activity.Length > 0 ? $" during {Activity}" : "") + ". Continue from the last checkpoint with --resume");
            }
            cuda.synchronize(_device);
        }
        finally { _watchdog.Exit(); }
    }

    static void Check(NcclApi api, int result, string call, int rank)
    {
        if (result != 0) throw new ProcessGroupException($"rank {rank}: {call} failed: {api.Error(result)} (NCCL {api.Version()}, {api.LibraryName})");
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (_failed) _api.CommAbort(_comm);
        else _api.CommDestroy(_comm);
        _watchdog.Dispose();
        _host.Dispose();
    }
}
