namespace T0Sharp.Distributed.Mpi;

/// <summary>Finds the launcher of the MPI that <see cref="MpiLibrary"/> binds (MPICH's Hydra mpiexec).</summary>
public static class MpiExec
{
    /// <summary>
    /// The full path of MPICH's mpiexec, or null. MPICH's own names come first: Debian's <c>mpiexec</c>
    /// alternative may point at Open MPI's when both are installed.
    /// </summary>
    public static string? Find() =>
        new[] { "mpiexec.mpich", "mpiexec.hydra", "mpiexec" }
            .SelectMany(name => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
                .Select(dir => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);
}
