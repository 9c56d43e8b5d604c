namespace T0Sharp.Prompts.Jinja.Runtime;

/// <summary>
/// What Jinja's symbol analysis decided for one frame (the root, a loop iteration, a set-block body): the names
/// it declares as not-yet-assigned on entry. Such a name reads as Undefined until it is set, even when an outer
/// scope or the render variables have it (Jinja's <c>VAR_LOAD_UNDEFINED</c>).
/// </summary>
internal sealed class FrameLayout(string[] missingOnEntry)
{
    public static readonly FrameLayout Empty = new([]);
    public string[] MissingOnEntry { get; set; } = missingOnEntry;

    public Frame Enter(Frame? parent)
    {
        var f = new Frame(parent);
        foreach (var n in MissingOnEntry) f.Set(n, Frame.Missing);
        return f;
    }

    public void Init(Frame f)
    {
        foreach (var n in MissingOnEntry) f.Set(n, Frame.Missing);
    }
}
