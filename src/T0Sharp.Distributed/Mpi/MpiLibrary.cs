using System.Reflection;
using System.Runtime.InteropServices;

namespace T0Sharp.Distributed.Mpi;

/// <summary>
/// Points MPI.NET at the system's MPI. MPI.NET binds MS-MPI's library name (<c>msmpi.dll</c>) and MS-MPI's
/// integer handle values, which are MPICH's ABI; on Linux the same ABI is <c>libmpich.so.12</c> (MPICH, Cray
/// MPICH) or <c>libmpi.so.12</c> (Intel MPI, MVAPICH). <c>T0SHARP_MPI_LIBRARY</c> names another file of that ABI.
/// Open MPI's ABI differs (pointer handles) and is refused before any call (see <see cref="ProcessGroups"/>).
/// </summary>
public static class MpiLibrary
{
    public const string OverrideVariable = "T0SHARP_MPI_LIBRARY";
    static readonly string[] Candidates = ["libmpich.so.12", "libmpi.so.12", "libmpich.so"];
    static readonly object Gate = new();
    static bool _registered;
    static string? _loadedFrom;

    /// <summary>The library file MPI.NET was bound to (after the first MPI call).</summary>
    public static string? LoadedFrom => _loadedFrom;

    /// <summary>Installs the resolver once per process.</summary>
    public static void Register()
    {
        lock (Gate)
        {
            if (_registered) return;
            NativeLibrary.SetDllImportResolver(typeof(MPI.Unsafe).Assembly, Resolve);
            _registered = true;
        }
    }

    /// <summary>Loads the MPI library now, so that a missing one is reported before MPI_Init (throws <see cref="ProcessGroupException"/>).</summary>
    public static IntPtr Load()
    {
        var tried = new List<string>();
        var explicitPath = Environment.GetEnvironmentVariable(OverrideVariable);
        foreach (var name in string.IsNullOrEmpty(explicitPath) ? Candidates : [explicitPath])
        {
            if (NativeLibrary.TryLoad(name, out var handle)) { _loadedFrom = name; return handle; }
            tried.Add(name);
        }
        throw new ProcessGroupException(
            $"no MPI library of MPICH's ABI could be loaded (tried {string.Join(", ", tried)}). Install MPICH " +
            $"(Debian/Ubuntu: apt-get install mpich) or set {OverrideVariable} to an MPICH-ABI libmpi.so (Intel MPI, MVAPICH, Cray MPICH)");
    }

    static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path) =>
        name.StartsWith("msmpi", StringComparison.OrdinalIgnoreCase) || name.StartsWith("mpich", StringComparison.OrdinalIgnoreCase)
            ? Load()
            : IntPtr.Zero;
}
