using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace T0Sharp.Core;

/// <summary>
/// Writes JSON exactly as Python's <c>json.dumps(obj, indent=2, sort_keys=True)</c> does (what transformers and PEFT
/// <c>save_pretrained</c> write to config.json and adapter_config.json): two-space indent, keys sorted by code point, ", " never used
/// inside indented containers, non-ASCII escaped as \uXXXX, floats in Python's repr (0.0, 0.05, 1e-05), no final newline.
/// </summary>
public static class PythonJson
{
    public static string Dumps(JsonNode? node)
    {
        var sb = new StringBuilder();
        Write(sb, node, 0);
        return sb.ToString();
    }

    static void Write(StringBuilder sb, JsonNode? node, int level)
    {
        switch (node)
        {
            case null: sb.Append("null"); break;
            case JsonObject obj:
                if (obj.Count == 0) { sb.Append("{}"); break; }
                sb.Append("{\n");
                var keys = obj.Select(p => p.Key).OrderBy(k => k, StringComparer.Ordinal).ToList();
                for (var i = 0; i < keys.Count; i++)
                {
                    sb.Append(' ', 2 * (level + 1));
                    WriteString(sb, keys[i]);
                    sb.Append(": ");
                    Write(sb, obj[keys[i]], level + 1);
                    if (i < keys.Count - 1) sb.Append(',');
                    sb.Append('\n');
                }
                sb.Append(' ', 2 * level).Append('}');
                break;
            case JsonArray arr:
                if (arr.Count == 0) { sb.Append("[]"); break; }
                sb.Append("[\n");
                for (var i = 0; i < arr.Count; i++)
                {
                    sb.Append(' ', 2 * (level + 1));
                    Write(sb, arr[i], level + 1);
                    if (i < arr.Count - 1) sb.Append(',');
                    sb.Append('\n');
                }
                sb.Append(' ', 2 * level).Append(']');
                break;
            case JsonValue value:
                WriteValue(sb, value);
                break;
        }
    }

    static void WriteValue(StringBuilder sb, JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String: WriteString(sb, value.GetValue<string>()); break;
            case JsonValueKind.True: sb.Append("true"); break;
            case JsonValueKind.False: sb.Append("false"); break;
            case JsonValueKind.Null: sb.Append("null"); break;
            case JsonValueKind.Number:
                if (value.TryGetValue<double>(out var d) && !IsIntegerLiteral(value)) sb.Append(FloatRepr(d));
                else sb.Append(value.ToJsonString());
                break;
            default: throw new ArgumentException($"cannot write JSON value of kind {value.GetValueKind()}");
        }
    }

    /// <summary>True when the number is an integer (as Python's int): an int/long value or a literal without '.', 'e'.</summary>
    static bool IsIntegerLiteral(JsonValue value)
    {
        if (value.TryGetValue<int>(out _) || value.TryGetValue<long>(out _))
        {
            var raw = value.ToJsonString();
            return raw.IndexOfAny(['.', 'e', 'E']) < 0;
        }
        return false;
    }

    static void WriteString(StringBuilder sb, string s) => AppendString(sb, s);

    /// <summary>A JSON string literal as Python's <c>json.dumps</c> writes it: with <paramref name="ensureAscii"/>
    /// (Python's default) every character outside printable ASCII is a \uXXXX escape; without it only control
    /// characters are.</summary>
    public static void AppendString(StringBuilder sb, string s, bool ensureAscii = true)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20 || (ensureAscii && c > 0x7e)) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        sb.Append('"');
    }

    /// <summary>Python's <c>repr(float)</c>: shortest round-trip digits, fixed notation for exponents -4..15, else 'e±XX'.</summary>
    public static string FloatRepr(double v)
    {
        if (double.IsNaN(v)) return "NaN";
        if (double.IsPositiveInfinity(v)) return "Infinity";
        if (double.IsNegativeInfinity(v)) return "-Infinity";
        var s = v.ToString("R", CultureInfo.InvariantCulture);
        var negative = s.StartsWith('-');
        if (negative) s = s[1..];
        var mantissa = s;
        var exp = 0;
        var e = s.IndexOfAny(['E', 'e']);
        if (e >= 0) { mantissa = s[..e]; exp = int.Parse(s[(e + 1)..], CultureInfo.InvariantCulture); }
        var dot = mantissa.IndexOf('.');
        var pointPos = dot < 0 ? mantissa.Length : dot;
        var digits = mantissa.Replace(".", "");
        var lead = 0;
        while (lead < digits.Length && digits[lead] == '0') lead++;
        digits = digits[lead..].TrimEnd('0');
        if (digits.Length == 0) return negative ? "-0.0" : "0.0";
        var x = pointPos - lead + exp - 1; // decimal exponent of the first significant digit
        string body;
        if (x is >= -4 and < 16)
        {
            if (x >= 0)
            {
                var whole = digits.Length > x + 1 ? digits[..(x + 1)] : digits.PadRight(x + 1, '0');
                var frac = digits.Length > x + 1 ? digits[(x + 1)..] : "";
                body = whole + "." + (frac.Length == 0 ? "0" : frac);
            }
            else body = "0." + new string('0', -x - 1) + digits;
        }
        else
        {
            body = digits[..1] + (digits.Length > 1 ? "." + digits[1..] : "") + "e" + (x < 0 ? "-" : "+")
                + Math.Abs(x).ToString("00", CultureInfo.InvariantCulture);
        }
        return negative ? "-" + body : body;
    }
}
