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

    /// <summary>
    /// Wrap the output of every <c>{{ expr }}</c> whose expression refers to a variable in
    /// <see cref="FieldStart"/> … <see cref="FieldEnd"/>, so a caller can tell the template's own text from text
    /// computed from the example (Flipped Learning's instruction/input split). Off by default: the output is then
    /// exactly Jinja's.
    /// </summary>
    public bool MarkFields { get; init; }

    /// <summary>Opening mark of a field's output (a private-use character).</summary>
    public const char FieldStart = '\uE000';

    /// <summary>Closing mark of a field's output.</summary>
    public const char FieldEnd = '\uE001';
}
