using System.Collections;
using System.Numerics;
using System.Text.Json;

namespace T0Sharp.Prompts.Python;

/// <summary>
/// Converts plain .NET values into the Python value model: null → None, bool, integers → long (Python int),
/// float/double/decimal → double (Python float), string, IDictionary → <see cref="PyDict"/> (insertion order kept),
/// other enumerables → <see cref="PyList"/>, <see cref="JsonElement"/> likewise. Values already in the model
/// (PyList, PyDict, ...) are returned as they are, so they stay shared, mutable Python objects: convert an example
/// once and pass the converted dictionary to every render that should see the same Python object.
/// </summary>
public static class PyValue
{
    public static object? FromDotNet(object? value)
    {
        switch (value)
        {
            case null: return null;
            case string or bool or long or double or PyList or PyDict or PyTuple or Undefined or PyNamespace
                or PyRange or PyGenerator or PyCallable or PyDictView or LoopInfo:
                return value;
            case int i: return (long)i;
            case short s: return (long)s;
            case byte b: return (long)b;
            case sbyte sb: return (long)sb;
            case ushort us: return (long)us;
            case uint ui: return (long)ui;
            case ulong ul: return PyInt.Normalize(ul);
            case BigInteger bi: return PyInt.Normalize(bi);
            case float f: return (double)f;
            case decimal m: return (double)m;
            case char c: return c.ToString();
            case JsonElement e: return FromJson(e);
            case IDictionary<string, object?> gd:
                {
                    var d = new PyDict();
                    foreach (var kv in gd) d[kv.Key] = FromDotNet(kv.Value);
                    return d;
                }
            case IDictionary nd:
                {
                    var d = new PyDict();
                    foreach (DictionaryEntry kv in nd) d[FromDotNet(kv.Key)] = FromDotNet(kv.Value);
                    return d;
                }
            case IEnumerable seq:
                {
                    var l = new PyList();
                    foreach (var x in seq) l.Add(FromDotNet(x));
                    return l;
                }
        }
        throw new ArgumentException($"cannot convert a value of .NET type {value.GetType().FullName} to a Python value");
    }

    /// <summary>Converts a JSON value: integers (no '.', 'e' or 'E' in the literal) become int, other numbers float.</summary>
    public static object? FromJson(JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Null or JsonValueKind.Undefined: return null;
            case JsonValueKind.True: return true;
            case JsonValueKind.False: return false;
            case JsonValueKind.String: return e.GetString();
            case JsonValueKind.Number:
                {
                    var raw = e.GetRawText();
                    if (raw.AsSpan().IndexOfAny(".eE") < 0)
                    {
                        if (e.TryGetInt64(out var l)) return l;
                        return BigInteger.Parse(raw, System.Globalization.CultureInfo.InvariantCulture);
                    }
                    return double.Parse(raw, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);
                }
            case JsonValueKind.Array:
                {
                    var l = new PyList(e.GetArrayLength());
                    foreach (var x in e.EnumerateArray()) l.Add(FromJson(x));
                    return l;
                }
            default:
                {
                    var d = new PyDict();
                    foreach (var p in e.EnumerateObject()) d[p.Name] = FromJson(p.Value);
                    return d;
                }
        }
    }
}

/// <summary>Reads JSON into Python values the way Python's <c>json.loads</c> does.</summary>
public static class PyJson
{
    /// <summary>
    /// Parses one JSON object (e.g. a JSONL line) into a dictionary of Python values, keeping key order and the
    /// int/float distinction (<c>3</c> is int, <c>3.0</c> is float). Nested objects become <see cref="PyDict"/>,
    /// arrays <see cref="PyList"/>. A repeated key keeps its first position and its last value, as Python does.
    /// </summary>
    /// <exception cref="JsonException">The text is not JSON or not an object.</exception>
    public static Dictionary<string, object?> ParseObject(string json)
    {
        using var doc = JsonDocument.Parse(json);
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
            throw new JsonException($"expected a JSON object, got {doc.RootElement.ValueKind}");
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var p in doc.RootElement.EnumerateObject()) result[p.Name] = PyValue.FromJson(p.Value);
        return result;
    }

    /// <summary>Parses any JSON value into a Python value.</summary>
    public static object? Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return PyValue.FromJson(doc.RootElement);
    }
}
