using Xunit;

// libtorch's random generator is process-wide: a test that compares the exact numbers of two trainings must not
// share the process with another training test. One test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
