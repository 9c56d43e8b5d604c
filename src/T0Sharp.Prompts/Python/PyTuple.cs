namespace T0Sharp.Prompts.Python;

/// <summary>A Python <c>tuple</c>: an immutable sequence (from <c>zip</c>, <c>dict.items()</c>, literals).</summary>
public sealed class PyTuple
{
    public static readonly PyTuple Empty = new([]);
    public PyTuple(object?[] items) => Items = items;
    public object?[] Items { get; }
    public int Count => Items.Length;
    public object? this[int index] => Items[index];
}
