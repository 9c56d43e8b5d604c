namespace T0Sharp.Prompts.Python;

/// <summary>A Python <c>list</c>: a mutable, shared-by-reference sequence of Python values.</summary>
public sealed class PyList : List<object?>
{
    public PyList() { }
    public PyList(int capacity) : base(capacity) { }
    public PyList(IEnumerable<object?> items) : base(items) { }
}
