using T0Sharp.Prompts.Python;

namespace T0Sharp.Prompts.Jinja;

/// <summary>Per-render options.</summary>
public sealed class RenderOptions
{
    /// <summary>
    /// The RNG behind the <c>choice</c> and <c>random</c> filters (Python's global <c>random</c> in promptsource).
    /// Null uses a thread-local unseeded generator. The render advances it exactly as Python would.
    /// </summary>
    public PyRandom? Random { get; init; }
}
