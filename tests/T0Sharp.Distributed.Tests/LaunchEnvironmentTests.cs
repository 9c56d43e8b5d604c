namespace T0Sharp.Distributed.Tests;

public class LaunchEnvironmentTests
{
    static LaunchEnvironment Detect(params (string Name, string Value)[] vars)
    {
        var env = vars.ToDictionary(v => v.Name, v => v.Value);
        return LaunchEnvironment.Detect(name => env.GetValueOrDefault(name));
    }

    [Fact]
    public void No_launcher_is_a_single_process()
    {
        Assert.Equal(LaunchEnvironment.Single, Detect());
        Assert.False(Detect().IsMultiProcess);
    }

    [Fact]
    public void Mpich_hydra_sets_pmi_rank_and_size()
    {
        var l = Detect(("PMI_RANK", "3"), ("PMI_SIZE", "4"), ("MPI_LOCALRANKID", "1"), ("MPI_LOCALNRANKS", "2"));
        Assert.Equal(new LaunchEnvironment(Launcher.MpichHydra, 3, 4, 1, 2), l);
    }

    [Fact]
    public void Open_mpi_and_slurm_are_recognised()
    {
        Assert.Equal(new LaunchEnvironment(Launcher.OpenMpi, 1, 2, 1, 2),
            Detect(("OMPI_COMM_WORLD_RANK", "1"), ("OMPI_COMM_WORLD_SIZE", "2"), ("OMPI_COMM_WORLD_LOCAL_RANK", "1"), ("OMPI_COMM_WORLD_LOCAL_SIZE", "2")));
        Assert.Equal(new LaunchEnvironment(Launcher.Slurm, 5, 16, 1, 4),
            Detect(("SLURM_PROCID", "5"), ("SLURM_STEP_NUM_TASKS", "16"), ("SLURM_LOCALID", "1"), ("SLURM_STEP_TASKS_PER_NODE", "4(x4)")));
    }

    [Fact]
    public void A_slurm_batch_script_outside_srun_is_not_a_launch()
    {
        // sbatch sets SLURM_PROCID and SLURM_NTASKS in the batch script itself; only srun sets SLURM_STEP_NUM_TASKS.
        Assert.False(Detect(("SLURM_PROCID", "0"), ("SLURM_NTASKS", "8")).IsMultiProcess);
    }

    [Fact]
    public void An_inconsistent_rank_is_an_error()
    {
        var e = Assert.Throws<ProcessGroupException>(() => Detect(("PMI_RANK", "4"), ("PMI_SIZE", "4")));
        Assert.Contains("rank 4 of 4", e.Message);
    }

    [Fact]
    public void Open_mpi_launches_are_refused_with_the_launcher_to_use()
    {
        var launch = new LaunchEnvironment(Launcher.OpenMpi, 0, 2, 0, 2);
        var e = Assert.Throws<ProcessGroupException>(() => ProcessGroups.Create("auto", "cpu", TimeSpan.FromSeconds(5), launch));
        Assert.Contains("mpiexec.mpich", e.Message);
    }

    [Fact]
    public void One_process_gets_the_single_process_group_whatever_the_backend()
    {
        foreach (var backend in new[] { "auto", "mpi", "nccl", "single" })
            Assert.Same(SingleProcessGroup.Instance, ProcessGroups.Create(backend, "cpu", TimeSpan.FromSeconds(5), LaunchEnvironment.Single));
        Assert.Throws<ProcessGroupException>(() => ProcessGroups.Create("gloo", "cpu", TimeSpan.FromSeconds(5), LaunchEnvironment.Single));
    }

    [Fact]
    public void Nccl_without_the_library_is_a_clear_error()
    {
        var previous = Environment.GetEnvironmentVariable(Nccl.NcclApi.OverrideVariable);
        Environment.SetEnvironmentVariable(Nccl.NcclApi.OverrideVariable, "/nonexistent/libnccl.so.2");
        try
        {
            var e = Assert.Throws<ProcessGroupException>(() => Nccl.NcclApi.Load());
            Assert.Contains("the NCCL library could not be loaded (tried /nonexistent/libnccl.so.2)", e.Message);
        }
        finally { Environment.SetEnvironmentVariable(Nccl.NcclApi.OverrideVariable, previous); }
    }
}
