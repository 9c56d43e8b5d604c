using T0Sharp.Prompts.Python;

namespace T0Sharp.Prompts.Jinja.Runtime;

/// <summary>
/// A value Jinja's optimizer computed at compile time. Jinja bakes it into the generated code as a literal, so
/// each evaluation gets a fresh copy of a list or dict.
/// </summary>
internal sealed class FoldedValue(object? value)
{
    public object? Value { get; } = value;

    public object? Fresh() => Copy(Value);

    static object? Copy(object? v) => v switch
    {
        PyList l => new PyList(l.Select(Copy)),
        PyDict d => CopyDict(d),
        PyTuple t => new PyTuple(t.Items.Select(Copy).ToArray()),
        _ => v,
    };

    static PyDict CopyDict(PyDict d)
    {
        var r = new PyDict();
        foreach (var kv in d.Items) r[kv.Key] = Copy(kv.Value);
        return r;
    }
}
