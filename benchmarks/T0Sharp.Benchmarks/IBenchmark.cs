namespace T0Sharp.Benchmarks;

/// <summary>
/// One benchmark, run by <c>t0sharp bench NAME [args]</c>. Implementations print their figures (and the
/// reference figures they compare against) to <paramref name="output"/> and return a process exit code.
/// Each benchmark lives in its own file in this project and is discovered by <see cref="BenchmarkRegistry"/>.
/// </summary>
public interface IBenchmark
{
    /// <summary>Short name used on the command line, e.g. "prompts" or "model".</summary>
    string Name { get; }

    /// <summary>One line saying what is measured and against what.</summary>
    string Description { get; }

    int Run(IReadOnlyList<string> args, TextWriter output);
}

/// <summary>Finds every <see cref="IBenchmark"/> in this assembly.</summary>
public static class BenchmarkRegistry
{
    public static IReadOnlyList<IBenchmark> All { get; } = typeof(IBenchmark).Assembly.GetTypes()
        .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
        .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
        .OrderBy(b => b.Name, StringComparer.Ordinal)
        .ToList();
}
