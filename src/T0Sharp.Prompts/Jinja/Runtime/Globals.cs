using T0Sharp.Prompts.Python;

namespace T0Sharp.Prompts.Jinja.Runtime;

/// <summary>Template globals: Jinja's <c>range</c>, <c>namespace</c>, <c>dict</c>, and promptsource's <c>zip</c>.</summary>
internal static class Globals
{
    static readonly Dictionary<string, object?> Values = new(StringComparer.Ordinal)
    {
        ["range"] = new PyCallable("range", Range),
        ["namespace"] = new PyCallable("namespace", Namespace),
        ["dict"] = new PyCallable("dict", Dict),
        ["zip"] = new PyCallable("zip", Zip),
        // Defined as in Jinja so that `is defined` and printing agree; calling them is not supported here.
        ["lipsum"] = new PyCallable("generate_lorem_ipsum", _ => throw new PyException("TemplateRuntimeError", "lipsum() is not supported by this engine")),
        ["cycler"] = new PyCallable("Cycler", _ => throw new PyException("TemplateRuntimeError", "cycler() is not supported by this engine")),
        ["joiner"] = new PyCallable("Joiner", _ => throw new PyException("TemplateRuntimeError", "joiner() is not supported by this engine")),
    };

    public static bool TryGet(string name, out object? value) => Values.TryGetValue(name, out value);

    static object? Range(PyArgs a)
    {
        if (a.Keywords.Length > 0) throw PyException.TypeError("range() takes no keyword arguments");
        long Int(object? v) => v switch
        {
            long l => l,
            bool b => b ? 1 : 0,
            Undefined u => throw PyException.TypeError("'Undefined' object cannot be interpreted as an integer"),
            _ => throw PyException.TypeError($"'{PyTypes.TypeName(v)}' object cannot be interpreted as an integer"),
        };
        return a.Positional.Length switch
        {
            1 => new PyRange(0, Int(a.Positional[0]), 1),
            2 => new PyRange(Int(a.Positional[0]), Int(a.Positional[1]), 1),
            3 => new PyRange(Int(a.Positional[0]), Int(a.Positional[1]), Int(a.Positional[2])),
            0 => throw PyException.TypeError("range expected at least 1 argument, got 0"),
            _ => throw PyException.TypeError($"range expected at most 3 arguments, got {a.Positional.Length}"),
        };
    }

    static object? Namespace(PyArgs a)
    {
        var ns = new PyNamespace();
        foreach (var p in a.Positional)
        {
            if (p is PyDict d) foreach (var kv in d.Items) ns.Attributes[PyFormat.Str(kv.Key)] = kv.Value;
            else throw PyException.TypeError($"'{PyTypes.TypeName(p)}' object is not iterable");
        }
        foreach (var kv in a.Keywords) ns.Attributes[kv.Key] = kv.Value;
        return ns;
    }

    static object? Dict(PyArgs a)
    {
        var d = new PyDict();
        if (a.Positional.Length > 1) throw PyException.TypeError($"dict expected at most 1 argument, got {a.Positional.Length}");
        if (a.Positional.Length == 1) PyDictMethods.Call(d, "update", new PyArgs([a.Positional[0]], []));
        foreach (var kv in a.Keywords) d[kv.Key] = kv.Value;
        return d;
    }

    static object? Zip(PyArgs a)
    {
        if (a.Keywords.Length > 0) throw PyException.TypeError("zip() takes no keyword arguments");
        var iters = a.Positional.Select(p => PyIter.Iterate(p).GetEnumerator()).ToArray();
        return new PyGenerator(ZipItems(iters), "zip");
    }

    static IEnumerable<object?> ZipItems(IEnumerator<object?>[] iters)
    {
        if (iters.Length == 0) yield break;
        while (true)
        {
            var row = new object?[iters.Length];
            for (int i = 0; i < iters.Length; i++)
            {
                if (!iters[i].MoveNext()) yield break;
                row[i] = iters[i].Current;
            }
            yield return new PyTuple(row);
        }
    }
}
