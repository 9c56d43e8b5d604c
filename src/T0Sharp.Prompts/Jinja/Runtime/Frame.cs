using T0Sharp.Prompts.Python;

namespace T0Sharp.Prompts.Jinja.Runtime;

/// <summary>
/// A variable scope: the template's root frame, or one for-loop iteration. Lookups walk outwards; the root frame
/// falls back to the render variables and then the globals. A name bound to <see cref="Missing"/> is Undefined.
/// </summary>
internal sealed class Frame
{
    /// <summary>Marks a name that Jinja's symbol analysis declares in this frame but has not assigned yet.</summary>
    public static readonly object Missing = new();

    public Frame(Frame? parent) => Parent = parent;
    public Frame? Parent { get; }
    public Dictionary<string, object?> Vars { get; } = new(StringComparer.Ordinal);
}
