namespace T0Sharp.Prompts.Python;

/// <summary>Jinja's <c>loop</c> object inside a for loop (index, index0, first, last, length, previtem, ...).</summary>
public sealed class LoopInfo
{
    internal IReadOnlyList<object?> Items = [];
    internal int Index0;
    internal int Depth0;

    /// <summary>For a <c>recursive</c> loop: renders the loop body over another iterable (<c>loop(children)</c>).</summary>
    internal Func<object?, object?>? Recurse;

    public bool Has(string name) => name is "index" or "index0" or "revindex" or "revindex0" or "first" or "last"
        or "length" or "depth" or "depth0" or "previtem" or "nextitem" or "cycle" or "changed";

    static readonly object NotCalled = new();
    object? _lastChanged = NotCalled;

    public object? Get(string name) => name switch
    {
        "index" => (long)(Index0 + 1),
        "index0" => (long)Index0,
        "revindex" => (long)(Items.Count - Index0),
        "revindex0" => (long)(Items.Count - Index0 - 1),
        "first" => Index0 == 0,
        "last" => !LazyItems.Exists(Items, Index0 + 1),
        "length" => (long)Items.Count,
        "depth" => (long)(Depth0 + 1),
        "depth0" => (long)Depth0,
        "previtem" => Index0 > 0 ? Items[Index0 - 1] : Undefined.WithHint("there is no previous item"),
        "nextitem" => LazyItems.Exists(Items, Index0 + 1) ? Items[Index0 + 1] : Undefined.WithHint("there is no next item"),
        "cycle" => new PyCallable("cycle", a =>
        {
            if (a.Positional.Length == 0) throw new PyException("TypeError", "no items for cycling given");
            return a.Positional[Index0 % a.Positional.Length];
        }, isMethod: true, self: this),
        "changed" => new PyCallable("changed", a =>
        {
            object? value = new PyTuple(a.Positional);
            if (!ReferenceEquals(_lastChanged, NotCalled) && PyOps.Eq(value, _lastChanged)) return false;
            _lastChanged = value;
            return true;
        }, isMethod: true, self: this),
        _ => Undefined.ForMember(this, name),
    };
}
