using System.Globalization;

namespace T0Sharp.Distributed;

/// <summary>The launcher that started this process, read from its environment variables.</summary>
public enum Launcher { None, MpichHydra, OpenMpi, Slurm }

/// <summary>
/// Where this process sits in a multi-process launch, read from the environment before any MPI call:
/// MPICH's and Intel MPI's mpiexec (Hydra: PMI_RANK, PMI_SIZE, MPI_LOCALRANKID, MPI_LOCALNRANKS),
/// Open MPI's mpirun (OMPI_COMM_WORLD_RANK, _SIZE, _LOCAL_RANK, _LOCAL_SIZE) and Slurm's srun (SLURM_PROCID,
/// SLURM_STEP_NUM_TASKS, SLURM_LOCALID, SLURM_STEP_TASKS_PER_NODE). A batch script inside an allocation is
/// not a launch: only srun sets SLURM_STEP_NUM_TASKS.
/// </summary>
public sealed record LaunchEnvironment(Launcher Launcher, int Rank, int Size, int LocalRank, int LocalSize)
{
    public static LaunchEnvironment Single { get; } = new(Launcher.None, 0, 1, 0, 1);

    /// <summary>True when a launcher started more than one process.</summary>
    public bool IsMultiProcess => Size > 1;

    public static LaunchEnvironment Detect() => Detect(Environment.GetEnvironmentVariable);

    /// <summary>Reads the launch from <paramref name="env"/> (tests pass a dictionary's lookup).</summary>
    public static LaunchEnvironment Detect(Func<string, string?> env)
    {
        int? Int(string name) => int.TryParse(env(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;
        if (Int("PMI_SIZE") is int pmiSize && Int("PMI_RANK") is int pmiRank)
            return Checked(Launcher.MpichHydra, pmiRank, pmiSize, Int("MPI_LOCALRANKID") ?? pmiRank, Int("MPI_LOCALNRANKS") ?? pmiSize, "PMI_RANK/PMI_SIZE");
        if (Int("OMPI_COMM_WORLD_SIZE") is int ompiSize && Int("OMPI_COMM_WORLD_RANK") is int ompiRank)
            return Checked(Launcher.OpenMpi, ompiRank, ompiSize, Int("OMPI_COMM_WORLD_LOCAL_RANK") ?? ompiRank,
                Int("OMPI_COMM_WORLD_LOCAL_SIZE") ?? ompiSize, "OMPI_COMM_WORLD_RANK/SIZE");
        if (Int("SLURM_STEP_NUM_TASKS") is int slurmSize && Int("SLURM_PROCID") is int slurmRank)
            return Checked(Launcher.Slurm, slurmRank, slurmSize, Int("SLURM_LOCALID") ?? 0, SlurmLocalSize(env("SLURM_STEP_TASKS_PER_NODE")) ?? 1,
                "SLURM_PROCID/SLURM_STEP_NUM_TASKS");
        return Single;
    }

    static LaunchEnvironment Checked(Launcher l, int rank, int size, int localRank, int localSize, string vars)
    {
        if (size < 1 || rank < 0 || rank >= size)
            throw new ProcessGroupException($"inconsistent launch environment: {vars} give rank {rank} of {size}");
        return new LaunchEnvironment(l, rank, size, Math.Max(0, localRank), Math.Max(1, localSize));
    }

    // "4(x2),3" → the first node's count (this process's node is not known from this variable alone; ranks per
    // node are usually equal, and the value only sizes the default torch thread count).
    static int? SlurmLocalSize(string? spec)
    {
        if (string.IsNullOrEmpty(spec)) return null;
        var first = spec.Split(',')[0];
        var paren = first.IndexOf('(');
        return int.TryParse(paren < 0 ? first : first[..paren], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;
    }

    public override string ToString() => IsMultiProcess
        ? $"rank {Rank} of {Size} ({Launcher}, local rank {LocalRank} of {LocalSize})"
        : "single process";
}
