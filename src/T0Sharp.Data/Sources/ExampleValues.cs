using System.Globalization;
using System.Text.Json;

namespace T0Sharp.Data.Sources;

/// <summary>
/// Conversions to the plain .NET values templates see (null, bool, long, double, string, <c>List&lt;object?&gt;</c>,
/// <c>OrderedDictionary&lt;string, object?&gt;</c>), matching what Python's <c>json</c> and Hugging Face <c>datasets</c> give:
/// a JSON number is an integer (long) unless written with a fraction or exponent; objects keep their key order.
/// </summary>
public static class ExampleValues
{
    /// <summary>Converts a JSON value. A repeated object key keeps its first position and its last value, as Python does.</summary>
    public static object? FromJson(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => Number(e),
        JsonValueKind.Array => e.EnumerateArray().Select(FromJson).ToList(),
        JsonValueKind.Object => Object(e),
        _ => throw new JsonException($"unsupported JSON value kind {e.ValueKind}"),
    };

    static OrderedDictionary<string, object?> Object(JsonElement e)
    {
        var d = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var p in e.EnumerateObject()) d[p.Name] = FromJson(p.Value);
        return d;
    }

    static object Number(JsonElement e)
    {
        var raw = e.GetRawText();
        if (raw.AsSpan().IndexOfAny('.', 'e', 'E') < 0 && long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
            return l;
        return e.GetDouble();
    }

    /// <summary>
    /// t-zero's <c>removeHyphen</c>: top-level keys containing '-' get '_' instead (trec's <c>label-coarse</c> becomes
    /// <c>label_coarse</c>); nested keys are left alone, as t-zero does. Order is kept. Returns the same
    /// instance when no key has a hyphen.
    /// </summary>
    public static OrderedDictionary<string, object?> RenameHyphens(OrderedDictionary<string, object?> example)
    {
        bool any = false;
        foreach (var k in example.Keys) if (k.Contains('-')) { any = true; break; }
        if (!any) return example;
        var d = new OrderedDictionary<string, object?>(example.Count, StringComparer.Ordinal);
        foreach (var (k, v) in example) d[k.Replace('-', '_')] = v;
        return d;
    }
}
