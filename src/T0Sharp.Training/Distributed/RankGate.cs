using T0Sharp.Distributed;

namespace T0Sharp.Training.Distributed;

/// <summary>
/// The one place that decides which process writes: rank 0 alone writes checkpoints, config.resolved.yaml,
/// metrics.jsonl and TensorBoard events, and shows progress; the other processes compute the same figures
/// (they are sums over all processes) and stay silent.
/// </summary>
public sealed class RankGate(IProcessGroup group)
{
    public static RankGate Single { get; } = new(SingleProcessGroup.Instance);

    /// <summary>True on the process that writes (rank 0).</summary>
    public bool IsPrimary => group.Rank == 0;

    /// <summary>Runs <paramref name="write"/> on the primary process only; null elsewhere.</summary>
    public T? OnPrimary<T>(Func<T> write) where T : class => IsPrimary ? write() : null;

    /// <summary>Runs <paramref name="write"/> on the primary process only.</summary>
    public void OnPrimary(Action write)
    {
        if (IsPrimary) write();
    }
}
