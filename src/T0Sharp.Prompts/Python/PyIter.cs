namespace T0Sharp.Prompts.Python;

/// <summary>Python iteration, <c>len()</c> and the <c>in</c> operator.</summary>
public static class PyIter
{
    /// <summary>Python <c>iter(v)</c>: str yields code points, dict yields keys, Undefined yields nothing.</summary>
    public static IEnumerable<object?> Iterate(object? v) => v switch
    {
        PyList l => IterList(l),
        string s => PyStr.Chars(s),
        PyTuple t => t.Items,
        PyDict d => d.Keys.ToList(),
        PyRange r => r.Enumerate(),
        PyGenerator g => g.Drain(),
        PyDictView dv => dv.Enumerate(),
        Undefined => [],
        _ => throw PyException.TypeError($"'{PyTypes.TypeName(v)}' object is not iterable"),
    };

    static IEnumerable<object?> IterList(PyList l)
    {
        for (int i = 0; i < l.Count; i++) yield return l[i];
    }

    /// <summary>Python <c>list(v)</c>: always a new list.</summary>
    public static PyList ToList(object? v)
    {
        if (v is PyList l) return new PyList(l);
        return new PyList(Iterate(v));
    }

    /// <summary>The items as a read-only list, without copying when <paramref name="v"/> already is a list or tuple.</summary>
    public static IReadOnlyList<object?> AsReadOnlyList(object? v) => v switch
    {
        PyList l => l,
        PyTuple t => t.Items,
        _ => new PyList(Iterate(v)),
    };

    /// <summary>Python <c>len(v)</c> (Undefined has length 0); TypeError for generators and numbers.</summary>
    public static int Len(object? v) => v switch
    {
        string s => PyStr.Length(s),
        PyList l => l.Count,
        PyDict d => d.Count,
        PyTuple t => t.Count,
        PyRange r => (int)r.Count,
        PyDictView dv => dv.Dict.Count,
        Undefined => 0,
        _ => throw PyException.TypeError($"object of type '{PyTypes.TypeName(v)}' has no len()"),
    };

    /// <summary>Python <c>item in container</c>.</summary>
    public static bool Contains(object? container, object? item)
    {
        switch (container)
        {
            case string s:
                if (item is not string sub)
                    throw PyException.TypeError($"'in <string>' requires string as left operand, not {PyTypes.TypeName(item)}");
                return s.Contains(sub, StringComparison.Ordinal);
            case PyList l:
                foreach (var x in l) if (PyOps.Eq(x, item)) return true;
                return false;
            case PyTuple t:
                foreach (var x in t.Items) if (PyOps.Eq(x, item)) return true;
                return false;
            case PyDict d:
                return d.ContainsKey(item);
            case Undefined:
                return false;
            case PyRange or PyGenerator or PyDictView:
                foreach (var x in Iterate(container)) if (PyOps.Eq(x, item)) return true;
                return false;
            default:
                throw PyException.TypeError($"argument of type '{PyTypes.TypeName(container)}' is not iterable");
        }
    }
}
