using System.Numerics;

namespace T0Sharp.Prompts.Python;

/// <summary>
/// Python arithmetic operators: int/float promotion, <c>/</c> always float, <c>%</c> and <c>//</c> follow the
/// divisor's sign, str/list concatenation and repetition. Ints are unbounded: a 64-bit result that would overflow
/// is computed as <see cref="BigInteger"/> (see <see cref="PyInt"/>).
/// </summary>
public static class PyArith
{
    static bool Int(object? v, out long l)
    {
        switch (v)
        {
            case long x: l = x; return true;
            case int x: l = x; return true;
            case bool b: l = b ? 1 : 0; return true;
            default: l = 0; return false;
        }
    }

    static bool Num(object? v, out double d)
    {
        switch (v)
        {
            case double x: d = x; return true;
            case long x: d = x; return true;
            case int x: d = x; return true;
            case bool b: d = b ? 1 : 0; return true;
            case BigInteger x: d = PyInt.ToDouble(x); return true;
            default: d = 0; return false;
        }
    }

    static void CheckUndefined(object? a, object? b)
    {
        if (a is Undefined ua) throw ua.Error();
        if (b is Undefined ub) throw ub.Error();
    }

    static PyException Unsupported(string op, object? a, object? b) =>
        PyException.TypeError($"unsupported operand type(s) for {op}: '{PyTypes.TypeName(a)}' and '{PyTypes.TypeName(b)}'");

    public static object? Add(object? a, object? b)
    {
        CheckUndefined(a, b);
        if (Int(a, out var la) && Int(b, out var lb)) { try { return checked(la + lb); } catch (OverflowException) { return PyInt.Normalize((BigInteger)la + lb); } }
        if (PyInt.TryGetBig(a, b, out var ba, out var bb)) return PyInt.Normalize(ba + bb);
        if (Num(a, out var da) && Num(b, out var db)) return da + db;
        switch (a)
        {
            case string sa when b is string sb: return string.Concat(sa, sb);
            case string: throw PyException.TypeError($"can only concatenate str (not \"{PyTypes.TypeName(b)}\") to str");
            case PyList xa when b is PyList xb: { var r = new PyList(xa.Count + xb.Count); r.AddRange(xa); r.AddRange(xb); return r; }
            case PyList: throw PyException.TypeError($"can only concatenate list (not \"{PyTypes.TypeName(b)}\") to list");
            case PyTuple ta when b is PyTuple tb: return new PyTuple([.. ta.Items, .. tb.Items]);
            case PyTuple: throw PyException.TypeError($"can only concatenate tuple (not \"{PyTypes.TypeName(b)}\") to tuple");
        }
        throw Unsupported("+", a, b);
    }

    public static object? Sub(object? a, object? b)
    {
        CheckUndefined(a, b);
        if (Int(a, out var la) && Int(b, out var lb)) { try { return checked(la - lb); } catch (OverflowException) { return PyInt.Normalize((BigInteger)la - lb); } }
        if (PyInt.TryGetBig(a, b, out var ba, out var bb)) return PyInt.Normalize(ba - bb);
        if (Num(a, out var da) && Num(b, out var db)) return da - db;
        throw Unsupported("-", a, b);
    }

    public static object? Mul(object? a, object? b)
    {
        CheckUndefined(a, b);
        if (Int(a, out var la) && Int(b, out var lb)) { try { return checked(la * lb); } catch (OverflowException) { return PyInt.Normalize((BigInteger)la * lb); } }
        if (PyInt.TryGetBig(a, b, out var ba, out var bb)) return PyInt.Normalize(ba * bb);
        if (Num(a, out var da) && Num(b, out var db)) return da * db;
        if (a is string or PyList && b is BigInteger bn) return Mul(a, PyInt.ToIndex(bn));
        if (b is string or PyList && a is BigInteger an) return Mul(PyInt.ToIndex(an), b);
        if (a is string s && Int(b, out var n)) return PyStr.Repeat(s, n);
        if (b is string s2 && Int(a, out var n2)) return PyStr.Repeat(s2, n2);
        if (a is PyList l && Int(b, out var n3)) return RepeatList(l, n3);
        if (b is PyList l2 && Int(a, out var n4)) return RepeatList(l2, n4);
        if (a is string or PyList or PyTuple || b is string or PyList or PyTuple)
        {
            var seq = a is string or PyList or PyTuple ? b : a;
            throw PyException.TypeError($"can't multiply sequence by non-int of type '{PyTypes.TypeName(seq)}'");
        }
        throw Unsupported("*", a, b);
    }

    static PyList RepeatList(PyList l, long n)
    {
        var r = new PyList();
        for (long i = 0; i < n; i++) r.AddRange(l);
        return r;
    }

    public static object? Div(object? a, object? b)
    {
        CheckUndefined(a, b);
        if (Num(a, out var da) && Num(b, out var db))
        {
            if (db == 0) throw PyException.ZeroDivision(PyTypes.IsInt(a) && PyTypes.IsInt(b) ? "division by zero" : "float division by zero");
            return da / db;
        }
        throw Unsupported("/", a, b);
    }

    public static object? FloorDiv(object? a, object? b)
    {
        CheckUndefined(a, b);
        if (Int(a, out var la) && Int(b, out var lb))
        {
            if (lb == 0) throw PyException.ZeroDivision("integer division or modulo by zero");
            if (la == long.MinValue && lb == -1) return -(BigInteger)la;
            long q = la / lb;
            if ((la % lb != 0) && ((la < 0) != (lb < 0))) q--;
            return q;
        }
        if (PyInt.TryGetBig(a, b, out var ba, out var bb))
        {
            if (bb.IsZero) throw PyException.ZeroDivision("integer division or modulo by zero");
            return PyInt.Normalize(PyInt.FloorDiv(ba, bb));
        }
        if (Num(a, out var da) && Num(b, out var db))
        {
            if (db == 0) throw PyException.ZeroDivision("float floor division by zero");
            return Math.Floor(da / db);
        }
        throw Unsupported("//", a, b);
    }

    public static object? Mod(object? a, object? b)
    {
        CheckUndefined(a, b);
        if (a is string fmt) return PyPrintf.Format(fmt, b);
        if (Int(a, out var la) && Int(b, out var lb))
        {
            if (lb == 0) throw PyException.ZeroDivision("integer modulo by zero");
            if (lb == -1) return 0L; // long.MinValue % -1 traps in .NET
            long r = la % lb;
            if (r != 0 && ((r < 0) != (lb < 0))) r += lb;
            return r;
        }
        if (PyInt.TryGetBig(a, b, out var ba, out var bb))
        {
            if (bb.IsZero) throw PyException.ZeroDivision("integer modulo by zero");
            return PyInt.Normalize(PyInt.Mod(ba, bb));
        }
        if (Num(a, out var da) && Num(b, out var db))
        {
            if (db == 0) throw PyException.ZeroDivision("float modulo");
            double m = da % db;
            if (m != 0) { if ((db < 0) != (m < 0)) m += db; }
            else m = Math.CopySign(0.0, db);
            return m;
        }
        throw Unsupported("%", a, b);
    }

    public static object? Pow(object? a, object? b)
    {
        CheckUndefined(a, b);
        if (PyInt.TryGet(a, out var ba) && PyInt.TryGet(b, out var bb) && bb.Sign >= 0)
        {
            if (bb > int.MaxValue) throw new PyException("OverflowError", "exponent too large");
            return PyInt.Normalize(BigInteger.Pow(ba, (int)bb));
        }
        if (Num(a, out var da) && Num(b, out var db))
        {
            if (da == 0 && db < 0) throw PyException.ZeroDivision("0.0 cannot be raised to a negative power");
            return Math.Pow(da, db);
        }
        throw Unsupported("** or pow()", a, b);
    }

    public static object? Neg(object? a)
    {
        if (a is Undefined u) throw u.Error();
        if (Int(a, out var l)) return l == long.MinValue ? -(BigInteger)l : (object)-l;
        if (a is BigInteger bi) return PyInt.Normalize(-bi);
        if (a is double d) return -d;
        throw PyException.TypeError($"bad operand type for unary -: '{PyTypes.TypeName(a)}'");
    }

    public static object? Pos(object? a)
    {
        if (a is Undefined u) throw u.Error();
        if (Int(a, out var l)) return l;
        if (a is BigInteger bi) return bi;
        if (a is double d) return d;
        throw PyException.TypeError($"bad operand type for unary +: '{PyTypes.TypeName(a)}'");
    }
}
