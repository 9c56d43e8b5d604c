using Xunit;

// The commands write to the process-wide Console.Out/Console.Error, which each test redirects: one test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
