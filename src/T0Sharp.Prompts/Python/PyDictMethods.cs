namespace T0Sharp.Prompts.Python;

/// <summary>Python <c>dict</c> methods.</summary>
public static class PyDictMethods
{
    public static object? Call(PyDict d, string name, PyArgs a)
    {
        switch (name)
        {
            case "keys" or "values" or "items": PyMethods.Arity(a, name, 0, 0); return new PyDictView(d, name);
            case "get":
                PyMethods.Arity(a, name, 1, 2);
                return d.TryGetValue(a.Positional[0], out var v) ? v : a.Count > 1 ? a.Positional[1] : null;
            case "update":
                {
                    PyMethods.Arity(a, name, 0, 1);
                    if (a.Count == 1)
                    {
                        switch (a.Positional[0])
                        {
                            case PyDict other: foreach (var kv in other.Items.ToList()) d[kv.Key] = kv.Value; break;
                            default:
                                int i = 0;
                                foreach (var item in PyIter.Iterate(a.Positional[0]).ToList())
                                {
                                    var pair = PyIter.AsReadOnlyList(item is PyList or PyTuple ? item : new PyList(PyIter.Iterate(item)));
                                    if (pair.Count != 2)
                                        throw PyException.ValueError($"dictionary update sequence element #{i} has length {pair.Count}; 2 is required");
                                    d[pair[0]] = pair[1];
                                    i++;
                                }
                                break;
                        }
                    }
                    foreach (var kv in a.Keywords) d[kv.Key] = kv.Value;
                    return null;
                }
            case "pop":
                {
                    PyMethods.Arity(a, name, 1, 2);
                    if (d.Remove(a.Positional[0], out var pv)) return pv;
                    if (a.Count > 1) return a.Positional[1];
                    throw PyException.KeyError(PyFormat.Repr(a.Positional[0]));
                }
            case "setdefault":
                {
                    PyMethods.Arity(a, name, 1, 2);
                    if (d.TryGetValue(a.Positional[0], out var sv)) return sv;
                    var dv = a.Count > 1 ? a.Positional[1] : null;
                    d[a.Positional[0]] = dv;
                    return dv;
                }
            case "copy": PyMethods.Arity(a, name, 0, 0); return d.Copy();
            case "clear": PyMethods.Arity(a, name, 0, 0); foreach (var k in d.Keys.ToList()) d.Remove(k, out _); return null;
            case "popitem":
                {
                    PyMethods.Arity(a, name, 0, 0);
                    if (d.Count == 0) throw PyException.KeyError("'popitem(): dictionary is empty'");
                    var last = d.Items.Last();
                    d.Remove(last.Key, out _);
                    return new PyTuple([last.Key, last.Value]);
                }
        }
        throw PyException.AttributeError($"'dict' object has no attribute '{name}'");
    }
}
