using System.Runtime.CompilerServices;

namespace T0Sharp.Tests;

/// <summary>
/// Test projects that run TorchSharp use one intra-op thread per test: xunit runs test classes in parallel and
/// `dotnet test` runs test projects in parallel, and OpenMP threads oversubscribing 2 cores spin instead of working
/// (a 10-100x slowdown was measured). Included by projects that set UsesTorch=true.
/// </summary>
static class TorchTestThreads
{
    [ModuleInitializer]
    internal static void Init() => TorchSharp.torch.set_num_threads(1);
}
