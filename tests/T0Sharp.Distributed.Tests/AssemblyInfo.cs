// The multi-process tests start mpiexec jobs of two processes on a 2-core machine: one job at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
