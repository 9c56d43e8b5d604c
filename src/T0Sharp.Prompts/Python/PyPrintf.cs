using System.Globalization;
using System.Text;

namespace T0Sharp.Prompts.Python;

/// <summary>Python printf-style formatting: <c>fmt % args</c> (also behind Jinja's <c>format</c> filter).</summary>
public static class PyPrintf
{
    /// <summary>Formats with one argument (a tuple spreads into several, a dict feeds <c>%(name)s</c>).</summary>
    public static string Format(string fmt, object? args)
    {
        object?[] list = args is PyTuple t ? t.Items : [args];
        return Format(fmt, list, args as PyDict, args is PyTuple);
    }

    public static string Format(string fmt, object?[] args, PyDict? mapping, bool isTuple = true)
    {
        var sb = new StringBuilder(fmt.Length + 16);
        int argi = 0;
        bool usedMapping = false;
        for (int i = 0; i < fmt.Length; i++)
        {
            char c = fmt[i];
            if (c != '%') { sb.Append(c); continue; }
            if (++i >= fmt.Length) throw PyException.ValueError("incomplete format");
            object? value = null;
            bool haveValue = false;
            if (fmt[i] == '(')
            {
                int close = fmt.IndexOf(')', i);
                if (close < 0) throw PyException.ValueError("incomplete format key");
                if (mapping == null) throw PyException.TypeError("format requires a mapping");
                value = mapping[fmt.Substring(i + 1, close - i - 1)];
                haveValue = true;
                usedMapping = true;
                i = close + 1;
            }
            bool left = false, plus = false, space = false, zero = false, alt = false;
            for (; i < fmt.Length; i++)
            {
                char f = fmt[i];
                if (f == '-') left = true; else if (f == '+') plus = true; else if (f == ' ') space = true;
                else if (f == '0') zero = true; else if (f == '#') alt = true; else break;
            }
            int width = -1, prec = -1;
            if (i < fmt.Length && fmt[i] == '*') { width = (int)ToLong(Next(args, ref argi)); i++; }
            else { int st = i; while (i < fmt.Length && char.IsAsciiDigit(fmt[i])) i++; if (i > st) width = int.Parse(fmt.AsSpan(st, i - st)); }
            if (i < fmt.Length && fmt[i] == '.')
            {
                i++;
                if (i < fmt.Length && fmt[i] == '*') { prec = (int)ToLong(Next(args, ref argi)); i++; }
                else { int st = i; while (i < fmt.Length && char.IsAsciiDigit(fmt[i])) i++; prec = i > st ? int.Parse(fmt.AsSpan(st, i - st)) : 0; }
            }
            while (i < fmt.Length && fmt[i] is 'h' or 'l' or 'L') i++;
            if (i >= fmt.Length) throw PyException.ValueError("incomplete format");
            char conv = fmt[i];
            if (conv == '%') { sb.Append('%'); continue; }
            if (!haveValue) value = Next(args, ref argi);
            string body;
            string sign = "";
            switch (conv)
            {
                case 's': body = PyFormat.Str(value); if (prec >= 0) body = PyStr.Slice(body, 0, prec, null); break;
                case 'r' or 'a': body = PyFormat.Repr(value); if (prec >= 0) body = PyStr.Slice(body, 0, prec, null); break;
                case 'd' or 'i' or 'u':
                    {
                        var l = value is double dv ? new System.Numerics.BigInteger(Math.Truncate(dv))
                            : value is System.Numerics.BigInteger bv ? bv : ToLong(value, conv);
                        sign = l.Sign < 0 ? "-" : plus ? "+" : space ? " " : "";
                        body = System.Numerics.BigInteger.Abs(l).ToString(CultureInfo.InvariantCulture);
                        if (prec >= 0) body = body.PadLeft(prec, '0');
                        break;
                    }
                case 'x' or 'X' or 'o':
                    {
                        long l = ToLong(value, conv);
                        sign = l < 0 ? "-" : plus ? "+" : space ? " " : "";
                        ulong abs = (ulong)Math.Abs((decimal)l);
                        body = conv == 'o' ? Convert.ToString((long)abs, 8) : abs.ToString(conv == 'x' ? "x" : "X");
                        if (prec >= 0) body = body.PadLeft(prec, '0');
                        if (alt) body = (conv == 'o' ? "0o" : conv == 'x' ? "0x" : "0X") + body;
                        break;
                    }
                case 'e' or 'E' or 'f' or 'F' or 'g' or 'G':
                    {
                        double d = ToDouble(value, conv);
                        sign = double.IsNegative(d) && !double.IsNaN(d) ? "-" : plus ? "+" : space ? " " : "";
                        double a = Math.Abs(d);
                        int p = prec < 0 ? 6 : prec;
                        body = char.ToLowerInvariant(conv) switch
                        {
                            'e' => PyDecimal.Exponent(a, p),
                            'f' => PyDecimal.Fixed(a, p),
                            _ => PyDecimal.General(a, p, alt),
                        };
                        if (char.IsUpper(conv)) body = body.ToUpperInvariant();
                        if (!double.IsFinite(d)) zero = false;
                        break;
                    }
                case 'c':
                    body = value switch
                    {
                        string s when PyStr.Length(s) == 1 => s,
                        long or int or bool => PyStr.FromCodePoint((int)ToLong(value)),
                        _ => throw PyException.TypeError("%c requires int or char"),
                    };
                    break;
                default:
                    throw PyException.ValueError($"unsupported format character '{conv}' (0x{(int)conv:x}) at index {i}");
            }
            int len = PyStr.Length(body) + sign.Length;
            if (width > len)
            {
                if (left) sb.Append(sign).Append(body).Append(' ', width - len);
                else if (zero && conv is not ('s' or 'r' or 'a' or 'c')) sb.Append(sign).Append('0', width - len).Append(body);
                else sb.Append(' ', width - len).Append(sign).Append(body);
            }
            else sb.Append(sign).Append(body);
        }
        if (!usedMapping && mapping == null && argi < args.Length && isTuple)
            throw PyException.TypeError("not all arguments converted during string formatting");
        if (!usedMapping && mapping == null && !isTuple && argi == 0 && args.Length == 1 && args[0] is not (PyDict))
            throw PyException.TypeError("not all arguments converted during string formatting");
        return sb.ToString();
    }

    static object? Next(object?[] args, ref int i)
    {
        if (i >= args.Length) throw PyException.TypeError("not enough arguments for format string");
        return args[i++];
    }

    static long ToLong(object? v, char conv = 'd') => v switch
    {
        long l => l,
        System.Numerics.BigInteger bi => PyInt.ToIndex(bi),
        int n => n,
        bool b => b ? 1 : 0,
        _ => throw PyException.TypeError($"%{conv} format: a real number is required, not {PyTypes.TypeName(v)}"),
    };

    static double ToDouble(object? v, char conv) => v switch
    {
        double d => d,
        long l => l,
        System.Numerics.BigInteger bi => PyInt.ToDouble(bi),
        int n => n,
        bool b => b ? 1 : 0,
        _ => throw PyException.TypeError($"must be real number, not {PyTypes.TypeName(v)}"),
    };
}
