using System.Runtime.InteropServices;

namespace T0Sharp.Distributed.Nccl;

/// <summary>NCCL's opaque 128-byte communicator id, created by one rank and sent to the others over MPI.</summary>
[StructLayout(LayoutKind.Sequential, Size = 128)]
public unsafe struct NcclUniqueId
{
    public fixed byte Bytes[128];
}

/// <summary>
/// The parts of NCCL's C API the process group uses (nccl.h, NCCL 2.x), bound at run time from
/// <c>libnccl.so.2</c> (or <c>T0SHARP_NCCL_LIBRARY</c>) so that a machine without NCCL builds and runs
/// everything else and gets one clear error when NCCL is asked for. Also the two CUDA driver calls that make
/// a device current for this thread (NCCL creates its communicator on the current device).
/// </summary>
public sealed unsafe class NcclApi
{
    public const string OverrideVariable = "T0SHARP_NCCL_LIBRARY";

    // ncclDataType_t and ncclRedOp_t values from nccl.h.
    public const int Int64 = 4, Float16 = 6, Float32 = 7, Float64 = 8, BFloat16 = 9;
    public const int Sum = 0;

    public required delegate* unmanaged<NcclUniqueId*, int> GetUniqueId { get; init; }
    public required delegate* unmanaged<IntPtr*, int, NcclUniqueId, int, int> CommInitRank { get; init; }
    public required delegate* unmanaged<IntPtr, IntPtr, nuint, int, int, IntPtr, IntPtr, int> AllReduce { get; init; }
    public required delegate* unmanaged<IntPtr, IntPtr, nuint, int, int, IntPtr, IntPtr, int> Broadcast { get; init; }
    public required delegate* unmanaged<IntPtr, int> CommDestroy { get; init; }
    public required delegate* unmanaged<IntPtr, int> CommAbort { get; init; }
    public required delegate* unmanaged<int, IntPtr> GetErrorString { get; init; }
    public required delegate* unmanaged<int*, int> GetVersion { get; init; }
    public required string LibraryName { get; init; }

    static NcclApi? _loaded;

    /// <summary>Loads NCCL once per process; throws <see cref="ProcessGroupException"/> naming what is missing.</summary>
    public static NcclApi Load()
    {
        if (_loaded is not null) return _loaded;
        var explicitPath = Environment.GetEnvironmentVariable(OverrideVariable);
        string[] candidates = string.IsNullOrEmpty(explicitPath) ? ["libnccl.so.2", "libnccl.so"] : [explicitPath];
        IntPtr lib = IntPtr.Zero;
        string? name = null;
        foreach (var c in candidates)
            if (NativeLibrary.TryLoad(c, out lib)) { name = c; break; }
        if (name is null)
            throw new ProcessGroupException(
                $"distributed.backend nccl: the NCCL library could not be loaded (tried {string.Join(", ", candidates)}). " +
                $"Install NCCL 2 (e.g. the libnccl2 package of NVIDIA's CUDA repository) or set {OverrideVariable}; " +
                "or train on CPU tensors with distributed.backend mpi");
        IntPtr Export(string symbol) => NativeLibrary.TryGetExport(lib, symbol, out var p) ? p
            : throw new ProcessGroupException($"{name} has no {symbol}: NCCL 2.x is required");
        return _loaded = new NcclApi
        {
            GetUniqueId = (delegate* unmanaged<NcclUniqueId*, int>)Export("ncclGetUniqueId"),
            CommInitRank = (delegate* unmanaged<IntPtr*, int, NcclUniqueId, int, int>)Export("ncclCommInitRank"),
            AllReduce = (delegate* unmanaged<IntPtr, IntPtr, nuint, int, int, IntPtr, IntPtr, int>)Export("ncclAllReduce"),
            Broadcast = (delegate* unmanaged<IntPtr, IntPtr, nuint, int, int, IntPtr, IntPtr, int>)Export("ncclBroadcast"),
            CommDestroy = (delegate* unmanaged<IntPtr, int>)Export("ncclCommDestroy"),
            CommAbort = (delegate* unmanaged<IntPtr, int>)Export("ncclCommAbort"),
            GetErrorString = (delegate* unmanaged<int, IntPtr>)Export("ncclGetErrorString"),
            GetVersion = (delegate* unmanaged<int*, int>)Export("ncclGetVersion"),
            LibraryName = name,
        };
    }

    /// <summary>NCCL's text for a result code.</summary>
    public string Error(int result) => Marshal.PtrToStringAnsi(GetErrorString(result)) ?? $"NCCL error {result}";

    /// <summary>The NCCL version as major.minor.patch.</summary>
    public string Version()
    {
        int v;
        if (GetVersion(&v) != 0) return "unknown";
        // NCCL >= 2.9 encodes major*10000 + minor*100 + patch; older versions major*1000 + minor*100 + patch.
        return v >= 10000 ? $"{v / 10000}.{v / 100 % 100}.{v % 100}" : $"{v / 1000}.{v / 100 % 10}.{v % 100}";
    }

    [DllImport("libcuda.so.1")] static extern int cuInit(uint flags);
    [DllImport("libcuda.so.1")] static extern int cuDeviceGet(out int device, int ordinal);
    [DllImport("libcuda.so.1")] static extern int cuDevicePrimaryCtxRetain(out IntPtr context, int device);
    [DllImport("libcuda.so.1")] static extern int cuCtxSetCurrent(IntPtr context);

    /// <summary>Makes CUDA device <paramref name="ordinal"/> current on this thread (what cudaSetDevice does), through the driver API.</summary>
    public static void SetCurrentDevice(int ordinal)
    {
        try
        {
            Check(cuInit(0), "cuInit");
            Check(cuDeviceGet(out var device, ordinal), $"cuDeviceGet({ordinal})");
            Check(cuDevicePrimaryCtxRetain(out var context, device), "cuDevicePrimaryCtxRetain");
            Check(cuCtxSetCurrent(context), "cuCtxSetCurrent");
        }
        catch (DllNotFoundException)
        {
            throw new ProcessGroupException("distributed.backend nccl needs the NVIDIA driver (libcuda.so.1 was not found)");
        }

        static void Check(int result, string call)
        {
            if (result != 0) throw new ProcessGroupException($"CUDA driver call {call} failed with error {result}");
        }
    }
}
