namespace T0Sharp.Prompts.Jinja.Runtime;

/// <summary>
/// A variable scope: the template's root frame, or one for-loop iteration. Lookups walk outwards; the root frame
/// falls back to the render variables and then the globals. A name bound to <see cref="Missing"/> is Undefined.
/// The dictionary is created on first assignment (most loop iterations assign nothing but the loop target).
/// </summary>
internal sealed class Frame(Frame? parent)
{
    /// <summary>Marks a name that Jinja's symbol analysis declares in this frame but has not assigned yet.</summary>
    public static readonly object Missing = new();

    Dictionary<string, object?>? _vars;

    public Frame? Parent { get; } = parent;

    public bool TryGet(string name, out object? value)
    {
        if (_vars != null) return _vars.TryGetValue(name, out value);
        value = null;
        return false;
    }

    public void Set(string name, object? value) => (_vars ??= new(StringComparer.Ordinal))[name] = value;
}
