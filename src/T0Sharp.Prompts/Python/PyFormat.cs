using System.Globalization;
using System.Numerics;
using System.Text;

namespace T0Sharp.Prompts.Python;

/// <summary>Python <c>str()</c> and <c>repr()</c> of values in the value model.</summary>
public static class PyFormat
{
    /// <summary>Python <c>str(v)</c> (Undefined prints as the empty string, as Jinja's default Undefined does).</summary>
    public static string Str(object? v) => v switch
    {
        string s => s,
        null => "None",
        bool b => b ? "True" : "False",
        long l => l.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        double d => FloatRepr(d),
        Undefined => "",
        BigInteger bi => bi.ToString(CultureInfo.InvariantCulture),
        _ => Repr(v),
    };

    /// <summary>Python <c>repr(v)</c>.</summary>
    public static string Repr(object? v)
    {
        if (v is string s) return StrRepr(s);
        if (v is PyList or PyDict or PyTuple)
        {
            var sb = new StringBuilder();
            AppendRepr(sb, v, 0);
            return sb.ToString();
        }
        return v switch
        {
            PyRange r => r.Step == 1 ? $"range({r.Start}, {r.Stop})" : $"range({r.Start}, {r.Stop}, {r.Step})",
            PyGenerator g => g.Name is "zip" or "reversed" or "list_reverseiterator"
                ? $"<{g.Name} object at 0x7f0000000000>"
                : $"<generator object {g.Name} at 0x7f0000000000>",
            PyNamespace ns => "<Namespace {" + string.Join(", ", ns.Attributes.Select(kv => Repr(kv.Key) + ": " + Repr(kv.Value))) + "}>",
            Undefined => "Undefined",
            PyDictView dv => "dict_" + dv.Kind + "(" + Repr(new PyList(dv.Enumerate())) + ")",
            LoopInfo => "<LoopContext>",
            PyCallable c => c.IsMethod
                ? $"<built-in method {c.Name} of {PyTypes.TypeName(c.Self)} object at 0x7f0000000000>"
                : $"<function {c.Name} at 0x7f0000000000>",
            _ => Str(v),
        };
    }

    static void AppendRepr(StringBuilder sb, object? v, int depth)
    {
        if (depth > 200) throw new PyException("RecursionError", "maximum recursion depth exceeded while getting the repr of an object");
        switch (v)
        {
            case PyList list:
                sb.Append('[');
                for (int i = 0; i < list.Count; i++)
                {
                    if (i > 0) sb.Append(", ");
                    if (ReferenceEquals(list[i], list)) sb.Append("[...]"); else AppendRepr(sb, list[i], depth + 1);
                }
                sb.Append(']');
                break;
            case PyTuple t:
                sb.Append('(');
                for (int i = 0; i < t.Count; i++)
                {
                    if (i > 0) sb.Append(", ");
                    AppendRepr(sb, t[i], depth + 1);
                }
                if (t.Count == 1) sb.Append(',');
                sb.Append(')');
                break;
            case PyDict d:
                sb.Append('{');
                bool first = true;
                foreach (var kv in d.Items)
                {
                    if (!first) sb.Append(", ");
                    first = false;
                    AppendRepr(sb, kv.Key, depth + 1);
                    sb.Append(": ");
                    if (ReferenceEquals(kv.Value, d)) sb.Append("{...}"); else AppendRepr(sb, kv.Value, depth + 1);
                }
                sb.Append('}');
                break;
            default:
                sb.Append(Repr(v));
                break;
        }
    }

    /// <summary>Python's <c>repr(float)</c>: shortest round-trip digits, exponent form when the exponent is below -4 or at least 16.</summary>
    public static string FloatRepr(double d)
    {
        if (double.IsNaN(d)) return "nan";
        if (double.IsPositiveInfinity(d)) return "inf";
        if (double.IsNegativeInfinity(d)) return "-inf";
        if (d == 0) return double.IsNegative(d) ? "-0.0" : "0.0";
        // "R" gives the shortest round-trip digits; re-lay them out the way Python does.
        string r = Math.Abs(d).ToString("E16", CultureInfo.InvariantCulture);
        string shortest = Math.Abs(d).ToString("R", CultureInfo.InvariantCulture);
        ParseDigits(shortest, out string digits, out int decpt);
        _ = r;
        var sb = new StringBuilder();
        if (d < 0) sb.Append('-');
        if (decpt > -4 && decpt <= 16)
        {
            if (decpt <= 0)
            {
                sb.Append("0.").Append('0', -decpt).Append(digits);
            }
            else if (decpt >= digits.Length)
            {
                sb.Append(digits).Append('0', decpt - digits.Length).Append(".0");
            }
            else
            {
                sb.Append(digits, 0, decpt).Append('.').Append(digits, decpt, digits.Length - decpt);
            }
        }
        else
        {
            sb.Append(digits[0]);
            if (digits.Length > 1) sb.Append('.').Append(digits, 1, digits.Length - 1);
            int exp = decpt - 1;
            sb.Append('e').Append(exp < 0 ? '-' : '+');
            sb.Append(Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    /// <summary>Splits a .NET round-trip string into significant digits and the decimal point position (value = 0.DIGITS × 10^decpt).</summary>
    static void ParseDigits(string s, out string digits, out int decpt)
    {
        int e = s.IndexOfAny(['E', 'e']);
        int exp = 0;
        string mant = s;
        if (e >= 0)
        {
            exp = int.Parse(s.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            mant = s[..e];
        }
        int dot = mant.IndexOf('.');
        string intPart = dot >= 0 ? mant[..dot] : mant;
        string frac = dot >= 0 ? mant[(dot + 1)..] : "";
        string all = intPart + frac;
        int pointPos = intPart.Length + exp;
        int lead = 0;
        while (lead < all.Length - 1 && all[lead] == '0') lead++;
        all = all[lead..];
        pointPos -= lead;
        all = all.TrimEnd('0');
        if (all.Length == 0) all = "0";
        digits = all;
        decpt = pointPos;
    }

    /// <summary>Python's <c>repr(str)</c>: single quotes unless the text has a single quote and no double quote.</summary>
    public static string StrRepr(string s)
    {
        char quote = s.Contains('\'') && !s.Contains('"') ? '"' : '\'';
        var sb = new StringBuilder(s.Length + 2);
        sb.Append(quote);
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            int cp = c;
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                cp = char.ConvertToUtf32(c, s[i + 1]);
                i++;
            }
            if (cp == quote || cp == '\\') sb.Append('\\').Append((char)cp);
            else if (cp == '\t') sb.Append("\\t");
            else if (cp == '\n') sb.Append("\\n");
            else if (cp == '\r') sb.Append("\\r");
            else if (cp < 0x20 || cp == 0x7f) sb.Append("\\x").Append(cp.ToString("x2"));
            else if (cp < 0x7f) sb.Append((char)cp);
            else if (PyUnicode.IsPrintable(cp)) sb.Append(char.ConvertFromUtf32(cp));
            else if (cp <= 0xff) sb.Append("\\x").Append(cp.ToString("x2"));
            else if (cp <= 0xffff) sb.Append("\\u").Append(cp.ToString("x4"));
            else sb.Append("\\U").Append(cp.ToString("x8"));
        }
        sb.Append(quote);
        return sb.ToString();
    }
}
