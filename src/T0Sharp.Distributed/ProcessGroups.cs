using T0Sharp.Distributed.Mpi;
using T0Sharp.Distributed.Nccl;

namespace T0Sharp.Distributed;

/// <summary>
/// Chooses the process group for a run from the launch (<see cref="LaunchEnvironment"/>) and the configured
/// backend: one process gets <see cref="SingleProcessGroup"/>; several get MPI for CPU tensors or NCCL (over
/// MPI) for CUDA tensors. "auto" picks NCCL when the device is CUDA and MPI otherwise.
/// </summary>
public static class ProcessGroups
{
    public static readonly IReadOnlyList<string> Backends = ["auto", "mpi", "nccl", "single"];

    /// <summary>Default time a collective may wait before the watchdog stops the process.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(10);

    /// <param name="backend">auto, mpi, nccl or single.</param>
    /// <param name="device">The compute device ("cpu", "cuda", "cuda:1"); with NCCL the local rank picks the GPU.</param>
    public static IProcessGroup Create(string backend, string device, TimeSpan timeout, LaunchEnvironment? launch = null)
    {
        launch ??= LaunchEnvironment.Detect();
        if (!Backends.Contains(backend))
            throw new ProcessGroupException($"distributed.backend '{backend}' is not one of: {string.Join(", ", Backends)}");
        if (!launch.IsMultiProcess) return SingleProcessGroup.Instance;
        if (backend == "single")
            throw new ProcessGroupException($"distributed.backend is single, but the launcher started {launch.Size} processes; use auto, mpi or nccl");
        if (launch.Launcher == Launcher.OpenMpi)
            throw new ProcessGroupException(
                "this process was started by Open MPI's mpirun, whose ABI T0Sharp does not bind: launch with MPICH's mpiexec " +
                "(Debian/Ubuntu: apt-get install mpich; mpiexec.mpich -n N ...), Intel MPI's mpiexec, or Slurm's srun --mpi=pmi2");
        var useNccl = backend == "nccl" || backend == "auto" && device.StartsWith("cuda", StringComparison.OrdinalIgnoreCase);
        var mpi = MpiProcessGroup.Initialize(launch, timeout);
        if (!useNccl) return mpi;
        try { return NcclProcessGroup.Initialize(mpi, launch.LocalRank, timeout); }
        catch
        {
            mpi.Dispose();
            throw;
        }
    }
}
