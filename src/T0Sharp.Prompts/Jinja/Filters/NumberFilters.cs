using System.Globalization;
using System.Numerics;
using T0Sharp.Prompts.Python;

namespace T0Sharp.Prompts.Jinja.Filters;

/// <summary>Number filters with Jinja's quirks: int ('3.7' → 3, failure → default), float, round (ints stay ints), abs.</summary>
internal static class NumberFilters
{
    public static void Register(Dictionary<string, FilterFunc> f)
    {
        f["int"] = (_, v, a) =>
        {
            FilterRegistry.Check(a, "do_int", "default", "base");
            return ToInt(v, a.Get(0, "default", 0L), PyMethods.AsInt(a.Get(1, "base", 10L), "base"));
        };
        f["float"] = (_, v, a) =>
        {
            FilterRegistry.Check(a, "do_float", "default");
            return ToFloat(v, out var d) ? d : a.Get(0, "default", 0.0);
        };
        f["round"] = (_, v, a) =>
        {
            FilterRegistry.Check(a, "do_round", "precision", "method");
            var precision = a.Get(0, "precision", 0L);
            var method = a.Get(1, "method", "common");
            if (method is not ("common" or "ceil" or "floor")) throw FilterRegistry.ArgError("method must be common, ceil or floor");
            long p = PyMethods.AsInt(precision, "precision");
            if ((string)method! == "common") return Round(v, p);
            double d = v switch
            {
                double x => x, long l => l, bool b => b ? 1 : 0, BigInteger bi => PyInt.ToDouble(bi),
                _ => throw PyException.TypeError($"unsupported operand type(s) for *: '{PyTypes.TypeName(v)}' and 'int'"),
            };
            double scale = Math.Pow(10, p);
            double r = (string)method == "ceil" ? Math.Ceiling(d * scale) : Math.Floor(d * scale);
            return r / scale;
        };
        f["abs"] = (_, v, a) =>
        {
            FilterRegistry.Check(a, "abs");
            return v switch
            {
                long l => l == long.MinValue ? -(BigInteger)l : (object)Math.Abs(l),
                BigInteger bi => PyInt.Normalize(BigInteger.Abs(bi)),
                bool b => b ? 1L : 0L,
                double d => (object)Math.Abs(d),
                _ => throw PyException.TypeError($"bad operand type for abs(): '{PyTypes.TypeName(v)}'"),
            };
        };
    }

    /// <summary>Python <c>round(v, ndigits)</c>: ints stay ints, floats round half to even.</summary>
    static object? Round(object? v, long ndigits)
    {
        switch (v)
        {
            case long l:
                if (ndigits >= 0) return l;
                {
                    var pow = BigInteger.Pow(10, (int)Math.Min(-ndigits, 40));
                    var q = BigInteger.DivRem(new BigInteger(l), pow, out var rem);
                    if (rem.Sign < 0) { rem += pow; q -= 1; }
                    var twice = rem * 2;
                    if (twice > pow || (twice == pow && !q.IsEven)) q += 1;
                    return PyInt.Normalize(q * pow);
                }
            case bool b: return b ? 1L : 0L;
            case BigInteger bi:
                if (ndigits >= 0) return bi;
                {
                    var pow = BigInteger.Pow(10, (int)Math.Min(-ndigits, 400));
                    var q = BigInteger.DivRem(bi, pow, out var rem);
                    if (rem.Sign < 0) { rem += pow; q -= 1; }
                    var twice = rem * 2;
                    if (twice > pow || (twice == pow && !q.IsEven)) q += 1;
                    return PyInt.Normalize(q * pow);
                }
            case double d: return PyDecimal.Round(d, ndigits);
            default: throw PyException.TypeError($"type {PyTypes.TypeName(v)} doesn't define __round__ method");
        }
    }

    /// <summary>Jinja's <c>do_int</c>.</summary>
    public static object? ToInt(object? v, object? fallback, long radix)
    {
        switch (v)
        {
            case Undefined u: throw u.Error();
            case long or BigInteger: return v;
            case bool b: return b ? 1L : 0L;
            case double d:
                if (double.IsInfinity(d)) throw new PyException("OverflowError", "cannot convert float infinity to integer");
                if (double.IsNaN(d)) throw PyException.ValueError("cannot convert float NaN to integer");
                return PyInt.Normalize(new BigInteger(Math.Truncate(d)));
            case string s:
                if (TryParseInt(s, radix, out var l)) return PyInt.Normalize(l);
                if (TryParseFloat(s, out var fd) && double.IsFinite(fd)) return PyInt.Normalize(new BigInteger(Math.Truncate(fd)));
                return fallback;
            default:
                return fallback;
        }
    }

    /// <summary>Python <c>float(v)</c>; false where it raises TypeError/ValueError.</summary>
    public static bool ToFloat(object? v, out double d)
    {
        switch (v)
        {
            case Undefined u: throw u.Error();
            case double x: d = x; return true;
            case long l: d = l; return true;
            case bool b: d = b ? 1 : 0; return true;
            case BigInteger bi: d = PyInt.ToDouble(bi); return true;
            case string s: return TryParseFloat(s, out d);
            default: d = 0; return false;
        }
    }

    /// <summary>Python <c>int(s, base)</c> for strings: surrounding whitespace, sign, underscores between digits.</summary>
    static bool TryParseInt(string s, long radix, out BigInteger value)
    {
        value = 0;
        var t = PyStrMethods.Strip(s, null, true, true);
        if (t.Length == 0) return false;
        bool neg = false;
        int i = 0;
        if (t[0] is '+' or '-') { neg = t[0] == '-'; i = 1; }
        if (radix == 0 || radix == 16 || radix == 8 || radix == 2)
        {
            if (i + 1 < t.Length && t[i] == '0' && "xXoObB".Contains(t[i + 1]))
            {
                long r = char.ToLowerInvariant(t[i + 1]) switch { 'x' => 16, 'o' => 8, _ => 2 };
                if (radix != 0 && radix != r) return false;
                radix = r;
                i += 2;
                if (i < t.Length && t[i] == '_') i++;
            }
            else if (radix == 0) radix = 10;
        }
        if (i >= t.Length) return false;
        BigInteger acc = 0;
        bool lastUnderscore = true;
        for (; i < t.Length; i++)
        {
            char c = t[i];
            if (c == '_') { if (lastUnderscore) return false; lastUnderscore = true; continue; }
            int digit = c >= '0' && c <= '9' ? c - '0'
                : c >= 'a' && c <= 'z' ? c - 'a' + 10
                : c >= 'A' && c <= 'Z' ? c - 'A' + 10
                : CharUnicodeInfo.GetDecimalDigitValue(c);
            if (digit < 0 || digit >= radix) return false;
            acc = acc * radix + digit;
            lastUnderscore = false;
        }
        if (lastUnderscore) return false;
        value = neg ? -acc : acc;
        return true;
    }

    /// <summary>Python <c>float(s)</c>: whitespace, sign, digits with underscores, inf/nan/infinity.</summary>
    static bool TryParseFloat(string s, out double d)
    {
        d = 0;
        var t = PyStrMethods.Strip(s, null, true, true);
        if (t.Length == 0) return false;
        string low = t.ToLowerInvariant();
        string body = low.TrimStart('+', '-');
        if (body.Length < low.Length - 1) return false;
        bool neg = low.StartsWith('-');
        if (body is "inf" or "infinity") { d = neg ? double.NegativeInfinity : double.PositiveInfinity; return true; }
        if (body == "nan") { d = double.NaN; return true; }
        if (body.Contains("__") || body.StartsWith('_') || body.EndsWith('_')) return false;
        foreach (var c in body) if (!(char.IsAsciiDigit(c) || c is '.' or 'e' or '_' or '+' or '-')) return false;
        var clean = t.Replace("_", "");
        return double.TryParse(clean, NumberStyles.Float, CultureInfo.InvariantCulture, out d);
    }
}
