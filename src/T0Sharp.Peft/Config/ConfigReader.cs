using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace T0Sharp.Peft.Config;

/// <summary>
/// Reads the fields of one adapter config (adapter_config.json, or a training config's <c>peft:</c> section turned into
/// JSON) with errors that name the source and the field. In <see cref="Lenient"/> mode (YAML) scalars may arrive as
/// text: "8" reads as an int, "true" as a bool. <see cref="Finish"/> rejects every field no reader asked for.
/// </summary>
public sealed class ConfigReader
{
    readonly JsonObject _obj;
    readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    readonly List<string> _notes = [];

    public ConfigReader(JsonObject obj, string source, bool lenient = false)
    {
        _obj = obj;
        Source = source;
        Lenient = lenient;
    }

    /// <summary>Where the fields come from (a file path, or e.g. "train.yaml: peft"), for messages.</summary>
    public string Source { get; }

    /// <summary>Scalars may be text (YAML): numbers and booleans are parsed from it.</summary>
    public bool Lenient { get; }

    /// <summary>Fields accepted but not kept (later PEFT versions' fields at their defaults), one line each.</summary>
    public IReadOnlyList<string> Notes => _notes;

    public bool Has(string field) => _obj.ContainsKey(field);

    /// <summary>The field's node without marking it read (null when absent).</summary>
    public JsonNode? Peek(string field) => _obj.TryGetPropertyValue(field, out var node) ? node : null;

    public InvalidDataException Error(string field, string message) => new($"{Source}: \"{field}\" {message}");

    JsonNode? Take(string field)
    {
        _seen.Add(field);
        return _obj.TryGetPropertyValue(field, out var node) ? node : null;
    }

    /// <summary>A JSON number as a double, whether it was parsed or created from an int, long or double.</summary>
    static double AsDouble(JsonValue v) =>
        v.TryGetValue<double>(out var d) ? d : v.TryGetValue<long>(out var l) ? l : v.TryGetValue<int>(out var i) ? i
        : double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture);

    static bool IsNull(JsonNode? node) => node is null || (node is JsonValue v && v.GetValueKind() == JsonValueKind.Null);

    public string? String(string field, string? fallback = null)
    {
        var node = Take(field);
        if (IsNull(node)) return fallback;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String) return v.GetValue<string>();
        if (Lenient && node is JsonValue lv && lv.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
            return lv.ToJsonString();
        throw Error(field, $"must be a string, not {Describe(node)}");
    }

    public int Int(string field, int fallback) => IntOrNull(field) ?? fallback;

    public int? IntOrNull(string field)
    {
        var node = Take(field);
        if (IsNull(node)) return null;
        return AsInt(node!, field);
    }

    int AsInt(JsonNode node, string field)
    {
        if (node is JsonValue v)
        {
            if (v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var i)) return i;
            if (v.GetValueKind() == JsonValueKind.Number && AsDouble(v) is var d && d == Math.Floor(d) && Math.Abs(d) < int.MaxValue) return (int)d;
            if (Lenient && v.GetValueKind() == JsonValueKind.String && int.TryParse(v.GetValue<string>(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var p)) return p;
        }
        throw Error(field, $"must be an integer, not {Describe(node)}");
    }

    public double Double(string field, double fallback)
    {
        var node = Take(field);
        if (IsNull(node)) return fallback;
        if (node is JsonValue v)
        {
            if (v.GetValueKind() == JsonValueKind.Number) return AsDouble(v);
            if (Lenient && v.GetValueKind() == JsonValueKind.String && double.TryParse(v.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var p)) return p;
        }
        throw Error(field, $"must be a number, not {Describe(node)}");
    }

    public bool Bool(string field, bool fallback)
    {
        var node = Take(field);
        if (IsNull(node)) return fallback;
        if (node is JsonValue v)
        {
            if (v.GetValueKind() == JsonValueKind.True) return true;
            if (v.GetValueKind() == JsonValueKind.False) return false;
            if (Lenient && v.GetValueKind() == JsonValueKind.String && bool.TryParse(v.GetValue<string>(), out var b)) return b;
        }
        throw Error(field, $"must be true or false, not {Describe(node)}");
    }

    /// <summary>A bool or one of <paramref name="words"/> (PEFT's <c>init_lora_weights: true | "gaussian"</c>).</summary>
    public JsonNode BoolOrWord(string field, bool fallback, params string[] words)
    {
        var node = Take(field);
        if (IsNull(node)) return JsonValue.Create(fallback);
        if (node is JsonValue v)
        {
            if (v.GetValueKind() is JsonValueKind.True or JsonValueKind.False) return JsonValue.Create(v.GetValueKind() == JsonValueKind.True);
            if (v.GetValueKind() == JsonValueKind.String)
            {
                var s = v.GetValue<string>();
                if (Lenient && bool.TryParse(s, out var b)) return JsonValue.Create(b);
                if (words.Contains(s)) return JsonValue.Create(s);
            }
        }
        throw Error(field, $"must be true, false or one of {string.Join(", ", words.Select(w => "\"" + w + "\""))}, not {Describe(node)}");
    }

    /// <summary>A list of names, or a single string (which PEFT treats as a regular expression). Null when absent.</summary>
    public TargetSpec? Targets(string field)
    {
        var node = Take(field);
        if (IsNull(node)) return null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String) return TargetSpec.FromRegex(v.GetValue<string>());
        if (node is JsonArray arr) return TargetSpec.FromNames(StringItems(arr, field));
        throw Error(field, $"must be a list of module names or a regular expression string, not {Describe(node)}");
    }

    public IReadOnlyList<string>? StringList(string field)
    {
        var node = Take(field);
        if (IsNull(node)) return null;
        if (node is JsonArray arr) return StringItems(arr, field);
        if (Lenient && node is JsonValue v && v.GetValueKind() == JsonValueKind.String) return [v.GetValue<string>()];
        throw Error(field, $"must be a list of names, not {Describe(node)}");
    }

    List<string> StringItems(JsonArray arr, string field)
    {
        var items = new List<string>();
        for (var i = 0; i < arr.Count; i++)
        {
            if (arr[i] is JsonValue v && v.GetValueKind() == JsonValueKind.String) items.Add(v.GetValue<string>());
            else throw Error(field, $"item {i} must be a string, not {Describe(arr[i])}");
        }
        return items;
    }

    /// <summary>An int or a list of ints (PEFT's <c>layers_to_transform</c>). Null when absent.</summary>
    public IReadOnlyList<int>? IntOrIntList(string field)
    {
        var node = Take(field);
        if (IsNull(node)) return null;
        if (node is JsonArray arr) return arr.Select((n, i) => n is null ? throw Error(field, $"item {i} is null") : AsInt(n, field)).ToList();
        return [AsInt(node!, field)];
    }

    /// <summary>A string or a list of strings (PEFT's <c>layers_pattern</c>). Null when absent.</summary>
    public IReadOnlyList<string>? StringOrStringList(string field)
    {
        var node = Take(field);
        if (IsNull(node)) return null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String) return [v.GetValue<string>()];
        if (node is JsonArray arr) return StringItems(arr, field);
        throw Error(field, $"must be a string or a list of strings, not {Describe(node)}");
    }

    /// <summary>A mapping of pattern to number (PEFT's <c>rank_pattern</c> / <c>alpha_pattern</c>), in file order.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> NumberMap(string field)
    {
        var node = Take(field);
        if (IsNull(node)) return [];
        if (node is not JsonObject obj) throw Error(field, $"must be a mapping of module pattern to number, not {Describe(node)}");
        var list = new List<KeyValuePair<string, double>>();
        foreach (var (k, v) in obj)
        {
            if (v is JsonValue jv && jv.GetValueKind() == JsonValueKind.Number) list.Add(new(k, AsDouble(jv)));
            else if (Lenient && v is JsonValue sv && sv.GetValueKind() == JsonValueKind.String
                && double.TryParse(sv.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var p)) list.Add(new(k, p));
            else throw Error(field, $"value for \"{k}\" must be a number, not {Describe(v)}");
        }
        return list;
    }

    /// <summary>A field kept as it is (JSON), e.g. <c>auto_mapping</c>; null when absent.</summary>
    public JsonNode? Raw(string field) => IsNull(Take(field)) ? null : _obj[field]!.DeepClone();

    /// <summary>
    /// A field that later PEFT versions write and PEFT 0.9.0 lacks: accepted (and not written back) when it holds the
    /// value that means "off"; any other value is refused, because T0Sharp would silently ignore it.
    /// </summary>
    public void Inert(string field, Func<JsonNode?, bool> isOff, string expected)
    {
        if (!Has(field)) return;
        var node = Take(field);
        if (!isOff(IsNull(node) ? null : node))
            throw Error(field, $"is {Describe(node)}: T0Sharp supports only {expected} (a later PEFT version's feature)");
        _notes.Add($"{Source}: \"{field}\" ({expected}) accepted and not written back (PEFT 0.9.0 has no such field)");
    }

    /// <summary>Throws for the first field no reader asked for, naming it and the known fields.</summary>
    public void Finish(string peftType)
    {
        foreach (var (key, _) in _obj)
        {
            if (_seen.Contains(key)) continue;
            var known = string.Join(", ", _seen.OrderBy(k => k, StringComparer.Ordinal));
            throw Error(key, $"is not a {peftType} field (PEFT 0.9.0 rejects unknown fields too); the fields are: {known}");
        }
    }

    public static bool IsNullOrFalse(JsonNode? n) => n is null || (n is JsonValue v && v.GetValueKind() is JsonValueKind.False or JsonValueKind.Null);
    public static bool IsNullOrEmpty(JsonNode? n) => n is null || (n is JsonArray a && a.Count == 0) || (n is JsonObject o && o.Count == 0);

    static string Describe(JsonNode? node) => node switch
    {
        null => "null",
        JsonArray => "a list",
        JsonObject => "a mapping",
        JsonValue v => v.ToJsonString(),
        _ => node.ToJsonString(),
    };
}
