using T0Sharp.Prompts.Python;

namespace T0Sharp.Prompts.Jinja.Runtime;

/// <summary>Jinja's attribute and item lookup over Python values, returning Undefined where Jinja does.</summary>
internal static class Lookup
{
    static readonly object NoAttr = new();

    /// <summary>Python <c>getattr(obj, name)</c>; <see cref="NoAttr"/> when there is no such attribute.</summary>
    static object? PyGetAttr(object? obj, string name)
    {
        switch (obj)
        {
            case PyNamespace ns:
                return ns.Attributes.TryGetValue(name, out var v) ? v : NoAttr;
            case LoopInfo loop:
                return loop.Has(name) ? loop.Get(name) : NoAttr;
            case PyCallable c when name == "__name__":
                return c.Name;
        }
        if (PyMethods.HasMethod(obj, name))
            return new PyCallable(name, args => PyMethods.Call(obj, name, args), isMethod: true, self: obj);
        return obj switch
        {
            double d when name == "real" => d,
            double when name == "imag" => 0.0,
            long l when name == "real" => l,
            long when name == "imag" => 0L,
            PyRange r when name == "start" => r.Start,
            PyRange r when name == "stop" => r.Stop,
            PyRange r when name == "step" => r.Step,
            _ => NoAttr,
        };
    }

    /// <summary>Python <c>getattr(obj, name)</c> only (no item fallback), as Jinja's <c>attr</c> filter does.</summary>
    public static bool TryPythonAttribute(object? obj, string name, out object? value)
    {
        value = PyGetAttr(obj, name);
        return !ReferenceEquals(value, NoAttr);
    }

    public static object? GetAttr(object? obj, string name)
    {
        if (obj is Undefined u) throw u.Error();
        var a = PyGetAttr(obj, name);
        if (!ReferenceEquals(a, NoAttr)) return a;
        if (TryPyGetItem(obj, name, out var item)) return item;
        return Undefined.ForMember(obj, name);
    }

    public static object? GetItem(object? obj, object? key)
    {
        if (obj is Undefined u) throw u.Error();
        if (TryPyGetItem(obj, key, out var item)) return item;
        if (key is string s)
        {
            var a = PyGetAttr(obj, s);
            if (!ReferenceEquals(a, NoAttr)) return a;
        }
        return Undefined.ForMember(obj, key);
    }

    /// <summary>Python <c>obj[key]</c>; false where Python raises TypeError/LookupError (Jinja then falls back).</summary>
    static bool TryPyGetItem(object? obj, object? key, out object? value)
    {
        value = null;
        switch (obj)
        {
            case PyDict d:
                if (!PyKeyComparer.IsHashable(key)) return false;
                return d.TryGetValue(key, out value);
            case PyList l:
                if (!AsIndex(key, out var i)) return false;
                if (i < 0) i += l.Count;
                if (i < 0 || i >= l.Count) return false;
                value = l[(int)i];
                return true;
            case PyTuple t:
                if (!AsIndex(key, out var ti)) return false;
                if (ti < 0) ti += t.Count;
                if (ti < 0 || ti >= t.Count) return false;
                value = t[(int)ti];
                return true;
            case string s:
                if (!AsIndex(key, out var si)) return false;
                int len = PyStr.Length(s);
                if (si < 0) si += len;
                if (si < 0 || si >= len) return false;
                value = PyStr.Index(s, si);
                return true;
            case PyRange r:
                if (!AsIndex(key, out var ri)) return false;
                if (ri < 0) ri += r.Count;
                if (ri < 0 || ri >= r.Count) return false;
                value = r[ri];
                return true;
            default:
                return false;
        }
    }

    static bool AsIndex(object? key, out long i)
    {
        switch (key)
        {
            case long l: i = l; return true;
            case int n: i = n; return true;
            case bool b: i = b ? 1 : 0; return true;
            default: i = 0; return false;
        }
    }

    static bool AsBound(object? v, out long? bound)
    {
        bound = null;
        if (v is null) return true;
        if (AsIndex(v, out var i)) { bound = i; return true; }
        return false;
    }

    /// <summary><c>obj[start:stop:step]</c>; Undefined where Python raises TypeError (e.g. slicing a dict or an int).</summary>
    public static object? GetSlice(object? obj, object? start, object? stop, object? step)
    {
        // Jinja compiles a slice to a plain Python subscript (no environment.getitem), so errors propagate.
        if (obj is Undefined u) throw u.Error();
        if (obj is PyDict) throw PyException.TypeError("unhashable type: 'slice'");
        if (obj is not (string or PyList or PyTuple or PyRange))
            throw PyException.TypeError($"'{PyTypes.TypeName(obj)}' object is not subscriptable");
        if (!AsBound(start, out var b) || !AsBound(stop, out var e) || !AsBound(step, out var st))
            throw PyException.TypeError("slice indices must be integers or None or have an __index__ method");
        if (st == 0) throw PyException.ValueError("slice step cannot be zero");
        switch (obj)
        {
            case string s: return PyStr.Slice(s, b, e, st);
            case PyList l:
                {
                    var (start0, _, step0, n) = PySlice.Indices(l.Count, b, e, st);
                    var r = new PyList(Math.Max(n, 0));
                    for (int k = 0, idx = start0; k < n; k++, idx += step0) r.Add(l[idx]);
                    return r;
                }
            case PyTuple t:
                {
                    var (start0, _, step0, n) = PySlice.Indices(t.Count, b, e, st);
                    var r = new object?[Math.Max(n, 0)];
                    for (int k = 0, idx = start0; k < n; k++, idx += step0) r[k] = t[idx];
                    return new PyTuple(r);
                }
            case PyRange rg:
                {
                    var (start0, _, step0, n) = PySlice.Indices((int)rg.Count, b, e, st);
                    return new PyRange(rg[start0], rg[start0] + n * step0 * rg.Step, step0 * rg.Step);
                }
        }
        throw PyException.TypeError($"'{PyTypes.TypeName(obj)}' object is not subscriptable");
    }
}
