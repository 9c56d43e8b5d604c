using Xunit;

// Exact-resume tests compare bit-identical runs; torch's default CPU generator (dropout, initialisation) is
// process-wide, so test classes must not run concurrently.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
