namespace T0Sharp.Prompts.Python;

/// <summary>Python truthiness, equality and ordering over the value model.</summary>
public static class PyOps
{
    /// <summary>Python <c>bool(v)</c>; Undefined is false, generators are always true.</summary>
    public static bool Truthy(object? v) => v switch
    {
        null => false,
        bool b => b,
        string s => s.Length != 0,
        long l => l != 0,
        int i => i != 0,
        double d => d != 0,
        PyList l => l.Count != 0,
        PyDict d => d.Count != 0,
        PyTuple t => t.Count != 0,
        PyRange r => r.Count != 0,
        PyDictView dv => dv.Dict.Count != 0,
        Undefined => false,
        System.Numerics.BigInteger bi => !bi.IsZero,
        _ => true,
    };

    static bool AsNumber(object? v, out double d, out long l, out bool isFloat)
    {
        switch (v)
        {
            case long x: l = x; d = x; isFloat = false; return true;
            case int x: l = x; d = x; isFloat = false; return true;
            case bool b: l = b ? 1 : 0; d = l; isFloat = false; return true;
            case double x: l = 0; d = x; isFloat = true; return true;
            default: l = 0; d = 0; isFloat = false; return false;
        }
    }

    /// <summary>Python <c>a == b</c> (never coerces between str and numbers; <c>1 == 1.0 == True</c>).</summary>
    public static bool Eq(object? a, object? b)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a is string sa) return b is string sb && string.Equals(sa, sb, StringComparison.Ordinal);
        if (a is null || b is null) return false;
        if (a is System.Numerics.BigInteger || b is System.Numerics.BigInteger) return BigCompare(a, b) == 0;
        if (AsNumber(a, out var da, out var la, out var fa))
        {
            if (!AsNumber(b, out var db, out var lb, out var fb)) return false;
            return fa || fb ? da == db : la == lb;
        }
        switch (a)
        {
            case PyList x when b is PyList y: return SeqEq(x, y);
            case PyTuple x when b is PyTuple y: return SeqEq(x.Items, y.Items);
            case PyDict x when b is PyDict y:
                if (x.Count != y.Count) return false;
                foreach (var kv in x.Items)
                    if (!y.TryGetValue(kv.Key, out var v) || !Eq(kv.Value, v)) return false;
                return true;
            case Undefined: return b is Undefined;
            case PyRange x when b is PyRange y: return SeqEq(x.Enumerate().ToList(), y.Enumerate().ToList());
        }
        return false;
    }

    /// <summary>
    /// Exact comparison when one side is an int beyond 64 bits: -1/0/1, int.MinValue for NaN, int.MaxValue when the
    /// other side is not a number.
    /// </summary>
    static int BigCompare(object? a, object? b)
    {
        if (PyInt.TryGet(a, out var x))
        {
            if (PyInt.TryGet(b, out var y)) return x.CompareTo(y);
            if (b is double db) return PyInt.CompareWithFloat(x, db);
        }
        else if (a is double da && PyInt.TryGet(b, out var y))
        {
            int c = PyInt.CompareWithFloat(y, da);
            return c == int.MinValue ? c : -c;
        }
        return int.MaxValue;
    }

    static bool SeqEq(IReadOnlyList<object?> x, IReadOnlyList<object?> y)
    {
        if (x.Count != y.Count) return false;
        for (int i = 0; i < x.Count; i++) if (!Eq(x[i], y[i])) return false;
        return true;
    }

    /// <summary>Python ordering for <c>&lt; &lt;= &gt; &gt;=</c>: numbers, strings (by code point), lists and tuples; TypeError otherwise.</summary>
    public static int Compare(object? a, object? b, string op)
    {
        if (a is Undefined ua) throw ua.Error();
        if (b is Undefined ub) throw ub.Error();
        if (a is string sa && b is string sb) return Math.Sign(PyStr.Compare(sa, sb));
        if ((a is System.Numerics.BigInteger || b is System.Numerics.BigInteger) && BigCompare(a, b) is int bc and not int.MaxValue) return bc;
        if (AsNumber(a, out var da, out var la, out var fa) && AsNumber(b, out var db, out var lb, out var fb))
        {
            if (fa || fb)
            {
                if (double.IsNaN(da) || double.IsNaN(db)) return int.MinValue; // every comparison with nan is false
                return da.CompareTo(db);
            }
            return la.CompareTo(lb);
        }
        if (a is PyList xa && b is PyList xb) return SeqCompare(xa, xb, op);
        if (a is PyTuple ta && b is PyTuple tb) return SeqCompare(ta.Items, tb.Items, op);
        throw PyException.TypeError($"'{op}' not supported between instances of '{PyTypes.TypeName(a)}' and '{PyTypes.TypeName(b)}'");
    }

    static int SeqCompare(IReadOnlyList<object?> x, IReadOnlyList<object?> y, string op)
    {
        int n = Math.Min(x.Count, y.Count);
        for (int i = 0; i < n; i++)
        {
            if (Eq(x[i], y[i])) continue;
            return Compare(x[i], y[i], op);
        }
        return x.Count.CompareTo(y.Count);
    }

    /// <summary>Evaluates a comparison operator (==, !=, &lt;, &lt;=, &gt;, &gt;=, in, notin).</summary>
    public static bool CompareOp(string op, object? a, object? b)
    {
        switch (op)
        {
            case "eq": return Eq(a, b);
            case "ne": return !Eq(a, b);
            case "in": return PyIter.Contains(b, a);
            case "notin": return !PyIter.Contains(b, a);
        }
        string sym = op switch { "lt" => "<", "lteq" => "<=", "gt" => ">", _ => ">=" };
        int c = Compare(a, b, sym);
        if (c == int.MinValue) return false;
        return op switch { "lt" => c < 0, "lteq" => c <= 0, "gt" => c > 0, _ => c >= 0 };
    }
}
