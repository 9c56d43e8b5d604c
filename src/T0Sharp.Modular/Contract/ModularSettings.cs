using System.Text.Json.Nodes;

namespace T0Sharp.Modular.Contract;

/// <summary>
/// A method's hyperparameters as written under the training config's <c>modular:</c> section (or read back from
/// modular_config.json's <c>"hyperparameters"</c>), read with types checked. Every key a method reads is recorded with
/// its effective value (defaults included), so that <see cref="Resolved"/> is what the folder saves; keys nobody read
/// are an error (<see cref="CheckAllRead"/>) naming where they were set.
/// </summary>
public sealed class ModularSettings
{
    readonly JsonObject _values;
    readonly Func<string, string> _sourceOf;
    readonly JsonObject _resolved = new();

    /// <param name="sourceOf">Where a key was set (file:line), for messages; "modular" when unknown.</param>
    public ModularSettings(JsonObject values, Func<string, string>? sourceOf = null)
    {
        _values = values;
        _sourceOf = sourceOf ?? (_ => "modular");
    }

    /// <summary>The keys read so far with their effective values (what modular_config.json saves as hyperparameters).</summary>
    public JsonObject Resolved => (JsonObject)_resolved.DeepClone();

    public string SourceOf(string key) => _sourceOf(key);

    /// <summary>An error naming the key and where it was set.</summary>
    public InvalidDataException Error(string key, string message) => new($"{_sourceOf(key)}: modular.{key}: {message}");

    public int Int(string key, int fallback, int min = int.MinValue)
    {
        var v = Get(key) is { } n ? TryInt(n) ?? throw Error(key, "must be an integer") : fallback;
        if (v < min) throw Error(key, $"must be at least {min} (got {v})");
        _resolved[key] = v;
        return v;
    }

    public double Double(string key, double fallback)
    {
        var v = fallback;
        if (Get(key) is JsonValue j)
        {
            if (j.TryGetValue<double>(out var d)) v = d;
            else if (j.TryGetValue<long>(out var l)) v = l;
            else throw Error(key, "must be a number");
        }
        else if (Get(key) is not null) throw Error(key, "must be a number");
        if (!double.IsFinite(v)) throw Error(key, "must be finite");
        _resolved[key] = v;
        return v;
    }

    public bool Bool(string key, bool fallback)
    {
        var v = Get(key) is { } n ? n is JsonValue j && j.TryGetValue<bool>(out var b) ? b : throw Error(key, "must be true or false") : fallback;
        _resolved[key] = v;
        return v;
    }

    public string String(string key, string fallback, params string[] allowed)
    {
        var v = Get(key) is { } n ? n is JsonValue j && j.TryGetValue<string>(out var s) ? s : throw Error(key, "must be a string") : fallback;
        if (allowed.Length > 0 && !allowed.Contains(v)) throw Error(key, $"'{v}' is not one of {string.Join(", ", allowed)}");
        _resolved[key] = v;
        return v;
    }

    /// <summary>A list of strings (a single string counts as a one-element list); empty when absent.</summary>
    public IReadOnlyList<string> Strings(string key)
    {
        var n = Get(key);
        IReadOnlyList<string> list = n switch
        {
            null => [],
            JsonValue j when j.TryGetValue<string>(out var s) => [s],
            JsonArray a => a.Select(x => x is JsonValue jv && jv.TryGetValue<string>(out var s) ? s : throw Error(key, "must be a list of strings")).ToList(),
            _ => throw Error(key, "must be a list of strings"),
        };
        _resolved[key] = new JsonArray(list.Select(s => (JsonNode)JsonValue.Create(s)!).ToArray());
        return list;
    }

    /// <summary>Throws naming the first key no method read (a misspelling, or a key of another method).</summary>
    public void CheckAllRead(string method, IEnumerable<string>? alsoAllowed = null)
    {
        var allowed = new HashSet<string>(alsoAllowed ?? [], StringComparer.Ordinal);
        foreach (var (key, _) in _values)
            if (!_resolved.ContainsKey(key) && !allowed.Contains(key))
            {
                var known = _resolved.Select(k => k.Key).Concat(allowed).ToList();
                var close = T0Sharp.Data.Tasks.TaskNames.Closest(key, known, 3);
                throw Error(key, $"not a setting of method {method}" + (close.Count > 0 ? $"; did you mean {string.Join(", ", close)}?" : $" (settings: {string.Join(", ", known)})"));
            }
    }

    JsonNode? Get(string key) => _values.TryGetPropertyValue(key, out var v) ? v : null;

    static int? TryInt(JsonNode n) => n is JsonValue j
        ? j.TryGetValue<int>(out var i) ? i : j.TryGetValue<long>(out var l) && l is >= int.MinValue and <= int.MaxValue ? (int)l
        : j.TryGetValue<double>(out var d) && d == Math.Floor(d) && Math.Abs(d) < int.MaxValue ? (int)d : null
        : null;
}
