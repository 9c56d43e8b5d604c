using T0Sharp.Core;
using System.Globalization;
using System.Reflection;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace T0Sharp.Training.Options;

/// <summary>
/// Builds <see cref="TrainOptions"/> from a YAML file plus <c>--section.key=value</c> overrides. Unknown sections
/// and keys are rejected with the closest valid name; values are type-checked; every error names its source
/// (file and line, or the override). Overrides win over the file; the result is validated once.
/// </summary>
public static class OptionsLoader
{
    /// <summary>One raw setting: "section.key" = text (or, in adapter sections, a JSON value), and where it came from.</summary>
    sealed record Setting(string Section, string Key, string? Value, string Source)
    {
        public System.Text.Json.Nodes.JsonNode? Json { get; init; }
        public bool IsJson { get; init; }
        /// <summary>The config file's folder: relative input paths in the file resolve against it (null: the working directory).</summary>
        public string? BaseDir { get; init; }
    }

    /// <summary>
    /// Keys naming input files or folders. In a config file a relative value resolves against the file's folder (as
    /// suite YAML files do), so a config works from any working directory; on the command line against the working
    /// directory. run.output_dir is an output and stays relative to the working directory. data.mixture is a path only
    /// when it names a .yaml file; comma-separated lists resolve item by item.
    /// </summary>
    public static readonly IReadOnlySet<string> PathKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "model.init_from", "model.config", "data.train_files", "data.validation_files", "data.data_dir", "data.templates", "data.tokenizer", "data.mixture", "data.text_files",
        "data.validation_text_files",
    };

    /// <summary>Sections whose keys belong to an adapter format (<see cref="AdapterSection"/>), e.g. peft and modular.</summary>
    static bool IsAdapterSection(string section) =>
        OptionNames.Properties(typeof(TrainOptions)).Any(p => p.Name == section && p.Property.PropertyType == typeof(AdapterSection));

    /// <param name="note">Receives a line for each override that replaces a config-file setting it conflicts with
    /// (a command-line model.init_from replacing the file's model.preset or model.config).</param>
    public static TrainOptions Load(string yamlPath, IEnumerable<string>? overrides = null, Action<string>? note = null)
    {
        if (!File.Exists(yamlPath)) throw new OptionsException($"config file not found: {yamlPath}");
        return Parse(File.ReadAllText(yamlPath), yamlPath, overrides, Path.GetDirectoryName(Path.GetFullPath(yamlPath)), note);
    }

    /// <summary>
    /// Parses YAML text (<paramref name="sourceName"/> is used in messages) and applies overrides. Relative paths in the
    /// text (<see cref="PathKeys"/>) resolve against <paramref name="baseDir"/> (null: left as written).
    /// </summary>
    public static TrainOptions Parse(string yaml, string sourceName, IEnumerable<string>? overrides = null, string? baseDir = null,
        Action<string>? note = null)
    {
        var settings = ReadYaml(yaml, sourceName).Select(s => s with { BaseDir = baseDir }).ToList();
        foreach (var o in overrides ?? []) settings.Add(ParseOverride(o));
        if (baseDir is not null) ResolveModelSource(settings, note);
        var options = Bind(settings);
        OptionsValidator.Validate(options);
        return options;
    }

    /// <summary>Applies overrides to existing options (used to change a resumed run's settings).</summary>
    public static TrainOptions ApplyOverrides(TrainOptions baseOptions, IEnumerable<string> overrides)
    {
        var text = OptionsWriter.ToYaml(baseOptions);
        return Parse(text, "resolved config", overrides);
    }

    static Setting ParseOverride(string arg)
    {
        var body = arg.StartsWith("--", StringComparison.Ordinal) ? arg[2..] : arg;
        var eq = body.IndexOf('=');
        if (eq <= 0) throw new OptionsException($"override '{arg}': expected --section.key=value");
        var path = body[..eq];
        var dot = path.IndexOf('.');
        if (dot <= 0 || dot == path.Length - 1 || path.IndexOf('.', dot + 1) >= 0)
            throw new OptionsException($"override '{arg}': expected --section.key=value (one dot), e.g. --optimizer.learning_rate=1e-3");
        var value = body[(eq + 1)..];
        if (IsAdapterSection(path[..dot]))
        {
            try { return new Setting(path[..dot], path[(dot + 1)..], null, $"override '{arg}'") { Json = AdapterSection.FromText(value), IsJson = true }; }
            catch (FormatException e) { throw new OptionsException($"override '{arg}': {e.Message}"); }
        }
        // As in YAML, null and ~ clear an optional value (e.g. --model.init_from=null).
        return new Setting(path[..dot], path[(dot + 1)..], value is "null" or "~" ? null : value, $"override '{arg}'");
    }

    static List<Setting> ReadYaml(string yaml, string source)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(yaml)); }
        catch (YamlException e) { throw new OptionsException($"{source}:{e.Start.Line}:{e.Start.Column}: invalid YAML: {e.InnerException?.Message ?? e.Message}"); }
        var list = new List<Setting>();
        if (stream.Documents.Count == 0) return list;
        var root = stream.Documents[0].RootNode;
        if (root is YamlScalarNode { Value: null or "" }) return list;
        if (root is not YamlMappingNode top) throw new OptionsException($"{source}:{root.Start.Line}: the config must be a mapping of sections (run, model, data, ...)");
        foreach (var (k, v) in top.Children)
        {
            var section = ((YamlScalarNode)k).Value ?? "";
            if (v is YamlScalarNode { Value: null or "" }) continue;
            if (v is not YamlMappingNode map)
                throw new OptionsException($"{source}:{k.Start.Line}: section '{section}' must be a mapping of key: value");
            var open = IsAdapterSection(section);
            foreach (var (kk, vv) in map.Children)
            {
                var key = ((YamlScalarNode)kk).Value ?? "";
                if (open)
                {
                    list.Add(new Setting(section, key, null, $"{source}:{kk.Start.Line}") { Json = AdapterSection.FromYaml(vv), IsJson = true });
                    continue;
                }
                if (vv is not YamlScalarNode scalar)
                    throw new OptionsException($"{source}:{kk.Start.Line}: {section}.{key} must be a single value, not a list or mapping");
                var isNull = scalar.Style == ScalarStyle.Plain && scalar.Value is null or "~" or "null" or "";
                list.Add(new Setting(section, key, isNull ? null : scalar.Value, $"{source}:{kk.Start.Line}"));
            }
        }
        return list;
    }

    static TrainOptions Bind(List<Setting> settings)
    {
        var sections = OptionNames.Properties(typeof(TrainOptions));
        var values = sections.ToDictionary(s => s.Name, s => s.Property.GetValue(new TrainOptions())!);
        foreach (var s in settings)
        {
            var sec = sections.FirstOrDefault(x => x.Name == s.Section);
            if (sec.Property == null)
                throw new OptionsException($"{s.Source}: unknown section '{s.Section}'; {OptionNames.Suggest(s.Section, sections.Select(x => x.Name))}");
            if (s.IsJson)
            {
                values[sec.Name] = ((AdapterSection)values[sec.Name]).With(new AdapterField(s.Key, s.Json, s.Source));
                continue;
            }
            var keys = OptionNames.Properties(sec.Property.PropertyType);
            var key = keys.FirstOrDefault(x => x.Name == s.Key);
            if (key.Property == null)
                throw new OptionsException($"{s.Source}: unknown key '{s.Section}.{s.Key}'; {OptionNames.Suggest(s.Key, keys.Select(x => x.Name))}");
            var converted = Convert(s, key.Property.PropertyType);
            var copy = Clone(values[sec.Name]);
            key.Property.SetValue(copy, converted);
            values[sec.Name] = copy;
        }
        var result = new TrainOptions();
        foreach (var (name, prop) in sections) prop.SetValue(result, values[name]);
        return result;
    }

    static object Clone(object record) =>
        record.GetType().GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance)!.Invoke(record, null)!;

    static object? Convert(Setting s, Type type)
    {
        var name = $"{s.Section}.{s.Key}";
        var underlying = Nullable.GetUnderlyingType(type);
        if (s.Value == null)
        {
            if (underlying != null || type == typeof(string) && IsNullableString(s)) return null;
            throw new OptionsException($"{s.Source}: {name} needs a value ({Describe(type)}), got null");
        }
        var t = underlying ?? type;
        var v = s.Value.Trim();
        var inv = CultureInfo.InvariantCulture;
        if (t == typeof(string)) return s.BaseDir is not null && PathKeys.Contains(name) ? ResolvePaths(name, s.Value, s.BaseDir) : s.Value;
        if (t == typeof(int) && int.TryParse(v.Replace("_", ""), NumberStyles.Integer, inv, out var i)) return i;
        if (t == typeof(long) && long.TryParse(v.Replace("_", ""), NumberStyles.Integer, inv, out var l)) return l;
        if (t == typeof(double) && double.TryParse(v.Replace("_", ""), NumberStyles.Float, inv, out var d) && double.IsFinite(d)) return d;
        if (t == typeof(bool))
        {
            if (v is "true" or "True" or "yes") return true;
            if (v is "false" or "False" or "no") return false;
        }
        if (t.IsEnum)
        {
            var names = Enum.GetNames(t).Select(OptionNames.ToSnake).ToList();
            var norm = v.Replace("-", "_").ToLowerInvariant();
            var idx = names.FindIndex(n => n == norm || n.Replace("_", "") == norm.Replace("_", ""));
            if (idx >= 0) return Enum.GetValues(t).GetValue(idx);
            throw new OptionsException($"{s.Source}: {name} = '{v}' is not one of: {string.Join(", ", names)}");
        }
        throw new OptionsException($"{s.Source}: {name} = '{v}' is not {Describe(type)}");
    }

    /// <summary>
    /// model.init_from takes the architecture from its folder's config.json, so model.preset and model.config cannot
    /// also apply. Set in the same place (both in the file, or both on the command line) that is an error; a
    /// command-line init_from (<c>--init-from</c>) replaces the file's preset/config explicitly, with a note.
    /// </summary>
    static void ResolveModelSource(List<Setting> settings, Action<string>? note)
    {
        static bool IsOverride(Setting s) => s.Source.StartsWith("override", StringComparison.Ordinal);
        Setting? Last(string key) => settings.LastOrDefault(s => s.Section == "model" && s.Key == key);
        if (Last("init_from") is not { Value: { } init } initSetting) return;
        foreach (var key in new[] { "preset", "config" })
        {
            if (Last(key) is not { Value: { } value } other) continue;
            if (IsOverride(initSetting) == IsOverride(other))
                throw new OptionsException($"{other.Source}: model.{key} '{value}' conflicts with model.init_from '{init}' ({initSetting.Source}): " +
                    $"init_from takes the architecture from its config.json; remove one (or set model.{key}: null)");
            if (!IsOverride(initSetting)) continue; // a command-line preset/config with a file init_from: the bind below reports nothing, init_from wins as documented
            settings.Add(new Setting("model", key, null, $"override of model.{key} by {initSetting.Source}"));
            note?.Invoke($"model.init_from {init} ({initSetting.Source}) replaces model.{key} '{value}' ({other.Source}): the architecture comes from {init}/config.json");
        }
    }

    static string ResolvePaths(string key, string value, string baseDir)
    {
        string One(string p) => p.Length == 0 || Path.IsPathRooted(p) || p.StartsWith('~') ? p : Path.GetFullPath(Path.Combine(baseDir, p));
        if (key == "data.mixture")
            return value.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || value.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) ? One(value.Trim()) : value;
        if (key is "data.train_files" or "data.validation_files" or "data.text_files")
            return string.Join(",", value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(One));
        return One(value.Trim());
    }

    // Strings in the records are non-nullable unless declared `string?`; NullabilityInfo tells them apart.
    static bool IsNullableString(Setting s)
    {
        var sec = OptionNames.Properties(typeof(TrainOptions)).First(x => x.Name == s.Section).Property.PropertyType;
        var prop = OptionNames.Properties(sec).First(x => x.Name == s.Key).Property;
        return new NullabilityInfoContext().Create(prop).WriteState == NullabilityState.Nullable;
    }

    static string Describe(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        var what = t == typeof(int) || t == typeof(long) ? "an integer"
            : t == typeof(double) ? "a number"
            : t == typeof(bool) ? "true or false"
            : t.IsEnum ? "one of " + string.Join(", ", Enum.GetNames(t).Select(OptionNames.ToSnake))
            : "a string";
        return Nullable.GetUnderlyingType(type) != null ? what + " or null" : what;
    }
}
