using System.Globalization;
using System.Text;
using System.Text.Json;

namespace T0Sharp.Training.Options;

/// <summary>Writes options as YAML that <see cref="OptionsLoader"/> reads back to an equal record (config.resolved.yaml).</summary>
public static class OptionsWriter
{
    public static string ToYaml(TrainOptions options)
    {
        var sb = new StringBuilder();
        foreach (var (sectionName, sectionProp) in OptionNames.Properties(typeof(TrainOptions)))
        {
            var section = sectionProp.GetValue(options)!;
            if (section is AdapterSection adapter)
            {
                if (adapter.IsEmpty) continue; // no adapter: the section is absent
                sb.Append(sectionName).Append(":\n");
                foreach (var f in adapter.Fields) sb.Append("  ").Append(f.Key).Append(": ").Append(AdapterSection.Format(f.Value)).Append('\n');
                continue;
            }
            sb.Append(sectionName).Append(":\n");
            foreach (var (key, prop) in OptionNames.Properties(section.GetType()))
                sb.Append("  ").Append(key).Append(": ").Append(Format(prop.GetValue(section))).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>Every (section, key, value text) as <see cref="ToYaml"/> writes them, in order.</summary>
    public static IReadOnlyList<(string Section, string Key, string Value)> Entries(TrainOptions options)
    {
        var list = new List<(string, string, string)>();
        string? section = null;
        foreach (var line in ToYaml(options).Split('\n'))
        {
            if (line.Length == 0) continue;
            if (!line.StartsWith(' ')) { section = line.TrimEnd(':'); continue; }
            var colon = line.IndexOf(':');
            list.Add((section!, line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }
        return list;
    }

    static string Format(object? value) => value switch
    {
        null => "null",
        string s => JsonSerializer.Serialize(s), // a JSON string is a valid double-quoted YAML scalar
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture) is var r && (r.Contains('.') || r.Contains('E')) ? r : r + ".0",
        Enum e => OptionNames.ToSnake(e.ToString()),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "null",
    };
}
