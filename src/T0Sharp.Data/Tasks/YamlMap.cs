using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace T0Sharp.Data.Tasks;

/// <summary>
/// Strict reading of a YAML mapping for the data layer's small definition files (mixture files, FLAN-style
/// template files): unknown keys and mistyped values are errors naming the file and line.
/// </summary>
internal sealed class YamlMap
{
    readonly YamlMappingNode _node;
    readonly HashSet<string> _used = new(StringComparer.Ordinal);

    YamlMap(string file, YamlMappingNode node) { File = file; _node = node; }

    public string File { get; }
    public long Line => _node.Start.Line;

    /// <summary>The mapping's keys, in file order.</summary>
    public IEnumerable<string> Keys => _node.Children.Select(kv => (kv.Key as YamlScalarNode)?.Value ?? "");

    /// <summary>The document's root mapping.</summary>
    public static YamlMap Load(string file)
    {
        if (!System.IO.File.Exists(file)) throw new FileNotFoundException($"'{file}' not found", file);
        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(file);
            stream.Load(reader);
        }
        catch (YamlException e) { throw new InvalidDataException($"{file}:{e.Start.Line}: invalid YAML: {e.Message}"); }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new InvalidDataException($"{file}:1: expected a mapping at the top level");
        return new YamlMap(file, root);
    }

    YamlNode? Get(string key)
    {
        _used.Add(key);
        foreach (var (k, v) in _node.Children)
            if (k is YamlScalarNode s && s.Value == key) return v;
        return null;
    }

    public Exception Error(YamlNode? at, string message) => new InvalidDataException($"{File}:{(at ?? _node).Start.Line}: {message}");

    public string? String(string key)
    {
        var n = Get(key);
        if (n == null) return null;
        return n is YamlScalarNode s ? s.Value ?? "" : throw Error(n, $"'{key}' must be a string");
    }

    public string RequiredString(string key) => String(key) ?? throw Error(null, $"missing '{key}'");

    public long? Long(string key)
    {
        var n = Get(key);
        if (n == null) return null;
        return n is YamlScalarNode s && long.TryParse(s.Value, out var v) ? v : throw Error(n, $"'{key}' must be a whole number");
    }

    public double? Double(string key)
    {
        var n = Get(key);
        if (n == null) return null;
        return n is YamlScalarNode s && double.TryParse(s.Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v)
            ? v : throw Error(n, $"'{key}' must be a number");
    }

    public bool? Bool(string key)
    {
        var n = Get(key);
        if (n == null) return null;
        return n is YamlScalarNode s && bool.TryParse(s.Value, out var v) ? v : throw Error(n, $"'{key}' must be true or false");
    }

    public IReadOnlyList<string>? Strings(string key)
    {
        var n = Get(key);
        if (n == null) return null;
        if (n is not YamlSequenceNode seq) throw Error(n, $"'{key}' must be a list of strings");
        return seq.Children.Select(c => c is YamlScalarNode s ? s.Value ?? "" : throw Error(c, $"'{key}' must be a list of strings")).ToList();
    }

    public IReadOnlyList<YamlMap> Maps(string key)
    {
        var n = Get(key);
        if (n == null) return [];
        if (n is not YamlSequenceNode seq) throw Error(n, $"'{key}' must be a list");
        return seq.Children.Select(c => c is YamlMappingNode m ? new YamlMap(File, m) : throw Error(c, $"each entry of '{key}' must be a mapping")).ToList();
    }

    /// <summary>Fails on the first key that was never asked for (a typo would otherwise be ignored silently).</summary>
    public void RejectUnknown(params string[] known)
    {
        foreach (var (k, _) in _node.Children)
        {
            var name = (k as YamlScalarNode)?.Value ?? "";
            if (!_used.Contains(name))
                throw Error(k, $"unknown key '{name}'" + (known.Length > 0 ? $" (known: {string.Join(", ", known)})" : ""));
        }
    }

    /// <summary>A path written in the file, relative to the file's folder.</summary>
    public string Resolve(string path) => Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(File))!, path));
}
