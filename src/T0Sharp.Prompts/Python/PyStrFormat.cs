using System.Text;

namespace T0Sharp.Prompts.Python;

/// <summary>Python <c>str.format</c>: positional/named/auto fields, <c>!r</c>/<c>!s</c>, and the common format specs.</summary>
public static class PyStrFormat
{
    public static string Format(string fmt, PyArgs args)
    {
        var sb = new StringBuilder();
        int auto = 0;
        for (int i = 0; i < fmt.Length; i++)
        {
            char c = fmt[i];
            if (c == '{')
            {
                if (i + 1 < fmt.Length && fmt[i + 1] == '{') { sb.Append('{'); i++; continue; }
                int close = fmt.IndexOf('}', i);
                if (close < 0) throw PyException.ValueError("Single '{' encountered in format string");
                string field = fmt[(i + 1)..close];
                i = close;
                string spec = "";
                char conv = '\0';
                int colon = field.IndexOf(':');
                if (colon >= 0) { spec = field[(colon + 1)..]; field = field[..colon]; }
                int bang = field.IndexOf('!');
                if (bang >= 0) { conv = field.Length > bang + 1 ? field[bang + 1] : '\0'; field = field[..bang]; }
                object? value;
                if (field.Length == 0)
                {
                    if (auto >= args.Positional.Length) throw PyException.IndexError($"Replacement index {auto} out of range for positional args tuple");
                    value = args.Positional[auto++];
                }
                else if (int.TryParse(field, out int idx))
                {
                    if (idx >= args.Positional.Length) throw PyException.IndexError($"Replacement index {idx} out of range for positional args tuple");
                    value = args.Positional[idx];
                }
                else
                {
                    var kw = args.Keywords.FirstOrDefault(k => k.Key == field);
                    if (kw.Key == null) throw PyException.KeyError(PyFormat.Repr(field));
                    value = kw.Value;
                }
                if (conv == 'r') value = PyFormat.Repr(value);
                else if (conv == 's') value = PyFormat.Str(value);
                sb.Append(FormatSpec(value, spec));
            }
            else if (c == '}')
            {
                if (i + 1 < fmt.Length && fmt[i + 1] == '}') { sb.Append('}'); i++; continue; }
                throw PyException.ValueError("Single '}' encountered in format string");
            }
            else sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>Python's <c>format(value, spec)</c> for str, int and float with [[fill]align][sign][0][width][,][.precision][type].</summary>
    public static string FormatSpec(object? value, string spec)
    {
        if (spec.Length == 0) return PyFormat.Str(value);
        int i = 0;
        char fill = ' ', align = '\0', sign = '-';
        if (spec.Length >= 2 && spec[1] is '<' or '>' or '^' or '=') { fill = spec[0]; align = spec[1]; i = 2; }
        else if (spec[0] is '<' or '>' or '^' or '=') { align = spec[0]; i = 1; }
        if (i < spec.Length && spec[i] is '+' or '-' or ' ') sign = spec[i++];
        if (i < spec.Length && spec[i] == '0') { if (align == '\0') { fill = '0'; align = '='; } i++; }
        int width = 0;
        while (i < spec.Length && char.IsAsciiDigit(spec[i])) width = width * 10 + (spec[i++] - '0');
        bool comma = false;
        if (i < spec.Length && spec[i] == ',') { comma = true; i++; }
        int prec = -1;
        if (i < spec.Length && spec[i] == '.') { i++; prec = 0; while (i < spec.Length && char.IsAsciiDigit(spec[i])) prec = prec * 10 + (spec[i++] - '0'); }
        char type = i < spec.Length ? spec[i] : '\0';
        string body, signStr = "";
        switch (value)
        {
            case string s:
                body = prec >= 0 ? PyStr.Slice(s, 0, prec, null) : s;
                if (align == '\0') align = '<';
                break;
            case long or int or bool or System.Numerics.BigInteger when type is '\0' or 'd' or 'n':
                {
                    PyInt.TryGet(value, out var l);
                    signStr = l.Sign < 0 ? "-" : sign == '+' ? "+" : sign == ' ' ? " " : "";
                    var abs = System.Numerics.BigInteger.Abs(l);
                    body = abs.ToString(comma ? "#,0" : "D", System.Globalization.CultureInfo.InvariantCulture);
                    if (align == '\0') align = '>';
                    break;
                }
            case long or int or double or bool or System.Numerics.BigInteger:
                {
                    double d = value is System.Numerics.BigInteger bd ? PyInt.ToDouble(bd) : Convert.ToDouble(value is bool b ? (b ? 1 : 0) : value);
                    signStr = double.IsNegative(d) ? "-" : sign == '+' ? "+" : sign == ' ' ? " " : "";
                    double a = Math.Abs(d);
                    int p = prec < 0 ? 6 : prec;
                    body = type switch
                    {
                        'f' or 'F' => PyDecimal.Fixed(a, p),
                        'e' or 'E' => PyDecimal.Exponent(a, p),
                        '%' => PyDecimal.Fixed(a * 100, p) + "%",
                        'g' or 'G' => PyDecimal.General(a, p),
                        _ => prec >= 0 ? PyDecimal.General(a, prec) : PyFormat.Str(value is double ? a : (long)a),
                    };
                    if (type is 'F' or 'E' or 'G') body = body.ToUpperInvariant();
                    if (align == '\0') align = '>';
                    break;
                }
            default:
                body = PyFormat.Str(value);
                if (align == '\0') align = '<';
                break;
        }
        int len = PyStr.Length(body) + signStr.Length;
        if (width <= len) return signStr + body;
        int pad = width - len;
        string f = fill.ToString();
        return align switch
        {
            '<' => signStr + body + Rep(f, pad),
            '^' => Rep(f, pad / 2) + signStr + body + Rep(f, pad - pad / 2),
            '=' => signStr + Rep(f, pad) + body,
            _ => Rep(f, pad) + signStr + body,
        };
    }

    static string Rep(string s, int n) => n <= 0 ? "" : string.Concat(Enumerable.Repeat(s, n));
}
