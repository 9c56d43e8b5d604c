namespace T0Sharp.Prompts.Python;

/// <summary>Python <c>list</c> (and <c>tuple</c>) methods.</summary>
public static class PyListMethods
{
    public static object? Call(PyList l, string name, PyArgs a)
    {
        switch (name)
        {
            case "append": PyMethods.Arity(a, name, 1, 1); l.Add(a.Positional[0]); return null;
            case "extend": PyMethods.Arity(a, name, 1, 1); l.AddRange(PyIter.Iterate(a.Positional[0]).ToList()); return null;
            case "insert":
                {
                    PyMethods.Arity(a, name, 2, 2);
                    long i = PyMethods.AsInt(a.Positional[0], "index");
                    if (i < 0) i = Math.Max(0, i + l.Count);
                    l.Insert((int)Math.Min(i, l.Count), a.Positional[1]);
                    return null;
                }
            case "pop":
                {
                    PyMethods.Arity(a, name, 0, 1);
                    if (l.Count == 0) throw PyException.IndexError("pop from empty list");
                    long i = a.Count > 0 ? PyMethods.AsInt(a.Positional[0], "index") : -1;
                    if (i < 0) i += l.Count;
                    if (i < 0 || i >= l.Count) throw PyException.IndexError("pop index out of range");
                    var v = l[(int)i];
                    l.RemoveAt((int)i);
                    return v;
                }
            case "remove":
                {
                    PyMethods.Arity(a, name, 1, 1);
                    for (int i = 0; i < l.Count; i++)
                        if (PyOps.Eq(l[i], a.Positional[0])) { l.RemoveAt(i); return null; }
                    throw PyException.ValueError("list.remove(x): x not in list");
                }
            case "index": return Index(l, a, "list");
            case "count": PyMethods.Arity(a, name, 1, 1); return (long)l.Count(x => PyOps.Eq(x, a.Positional[0]));
            case "reverse": PyMethods.Arity(a, name, 0, 0); l.Reverse(); return null;
            case "copy": PyMethods.Arity(a, name, 0, 0); return new PyList(l);
            case "clear": PyMethods.Arity(a, name, 0, 0); l.Clear(); return null;
            case "sort":
                {
                    if (a.Count > 0) throw PyException.TypeError("sort() takes no positional arguments");
                    bool reverse = PyOps.Truthy(a.Get(99, "reverse", false));
                    var sorted = StableSort(l.ToList(), reverse);
                    l.Clear();
                    l.AddRange(sorted);
                    return null;
                }
        }
        throw PyException.AttributeError($"'list' object has no attribute '{name}'");
    }

    public static object? CallTuple(PyTuple t, string name, PyArgs a) => name switch
    {
        "index" => Index(t.Items, a, "tuple"),
        "count" => (long)t.Items.Count(x => PyOps.Eq(x, a.Positional[0])),
        _ => throw PyException.AttributeError($"'tuple' object has no attribute '{name}'"),
    };

    static object Index(IReadOnlyList<object?> items, PyArgs a, string type)
    {
        PyMethods.Arity(a, "index", 1, 3);
        long start = a.Count > 1 ? PyMethods.AsInt(a.Positional[1], "start") : 0;
        long end = a.Count > 2 ? PyMethods.AsInt(a.Positional[2], "stop") : items.Count;
        if (start < 0) start = Math.Max(0, start + items.Count);
        if (end < 0) end = Math.Max(0, end + items.Count);
        for (long i = start; i < Math.Min(end, items.Count); i++)
            if (PyOps.Eq(items[(int)i], a.Positional[0])) return i;
        throw PyException.ValueError(type == "list" ? $"{PyFormat.Repr(a.Positional[0])} is not in list" : "tuple.index(x): x not in tuple");
    }

    /// <summary>Python's stable sort with <c>&lt;</c> comparisons (TypeError on unorderable mixes).</summary>
    public static List<object?> StableSort(List<object?> items, bool reverse, Func<object?, object?>? key = null)
    {
        var keyed = items.Select((v, i) => (Key: key == null ? v : key(v), Value: v, Index: i)).ToList();
        if (reverse) keyed.Reverse();
        try
        {
            keyed.Sort((x, y) =>
            {
                int c = PyOps.Compare(x.Key, y.Key, "<");
                if (c == int.MinValue) c = 0;
                return c != 0 ? c : x.Index.CompareTo(y.Index) * (reverse ? -1 : 1);
            });
        }
        catch (InvalidOperationException e) when (e.InnerException is PyException pe)
        {
            throw pe;
        }
        if (reverse) keyed.Reverse();
        return keyed.Select(k => k.Value).ToList();
    }
}
