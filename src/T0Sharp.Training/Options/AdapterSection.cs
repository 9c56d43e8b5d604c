using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace T0Sharp.Training.Options;

/// <summary>One key of an <see cref="AdapterSection"/>: its JSON value and where it was written (file:line or override).</summary>
public sealed record AdapterField(string Key, JsonNode? Value, string Source);

/// <summary>
/// A section whose keys belong to an adapter's own format rather than to T0Sharp: under <c>peft:</c> they are Hugging
/// Face PEFT's adapter_config.json field names (<c>peft_type: LORA</c>, <c>r</c>, <c>target_modules: [q, v]</c>...),
/// under <c>modular:</c> a task-conditioned method's. Values keep their YAML types (lists, mappings, numbers, booleans,
/// strings) as JSON; the method that reads the section validates the keys and names the source line of a bad one.
/// An empty section means "no adapter": the whole model trains.
/// </summary>
public sealed record AdapterSection
{
    public IReadOnlyList<AdapterField> Fields { get; init; } = [];

    public bool IsEmpty => Fields.Count == 0;

    /// <summary>The fields as one JSON object (the adapter_config.json a method parses).</summary>
    public JsonObject ToJson()
    {
        var o = new JsonObject();
        foreach (var f in Fields) o[f.Key] = f.Value?.DeepClone();
        return o;
    }

    /// <summary>Where <paramref name="key"/> was set, for error messages.</summary>
    public string SourceOf(string key) => Fields.FirstOrDefault(f => f.Key == key)?.Source ?? "config";

    /// <summary>This section with <paramref name="field"/> set (replacing an earlier value of the same key).</summary>
    public AdapterSection With(AdapterField field) =>
        new() { Fields = [.. Fields.Where(f => f.Key != field.Key), field] };

    public bool Equals(AdapterSection? other) => other is not null &&
        ToJson().ToJsonString() == other.ToJson().ToJsonString();

    public override int GetHashCode() => ToJson().ToJsonString().GetHashCode(StringComparison.Ordinal);

    /// <summary>YAML node → JSON with YAML 1.1 plain-scalar typing (null, true/false, integers, floats); quoted scalars stay strings.</summary>
    public static JsonNode? FromYaml(YamlNode node) => node switch
    {
        YamlScalarNode s => Scalar(s),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(FromYaml).ToArray()),
        YamlMappingNode map => new JsonObject(map.Children.Select(kv => KeyValuePair.Create(((YamlScalarNode)kv.Key).Value ?? "", FromYaml(kv.Value)))),
        _ => throw new FormatException($"unsupported YAML node at line {node.Start.Line}"),
    };

    /// <summary>An override's value text (a YAML flow value: <c>8</c>, <c>[q, v]</c>, <c>{q: 4}</c>) as JSON.</summary>
    public static JsonNode? FromText(string? text)
    {
        if (text is null) return null;
        var stream = new YamlStream();
        try { stream.Load(new StringReader("v: " + text)); }
        catch (YamlException e) { throw new FormatException($"'{text}' is not a YAML value: {e.InnerException?.Message ?? e.Message}"); }
        return FromYaml(((YamlMappingNode)stream.Documents[0].RootNode).Children[new YamlScalarNode("v")]);
    }

    static JsonNode? Scalar(YamlScalarNode s)
    {
        var v = s.Value ?? "";
        if (s.Style != ScalarStyle.Plain) return JsonValue.Create(v);
        if (v is "" or "~" or "null" or "Null" or "NULL") return null;
        if (v is "true" or "True" or "TRUE") return JsonValue.Create(true);
        if (v is "false" or "False" or "FALSE") return JsonValue.Create(false);
        if (long.TryParse(v.Replace("_", ""), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return JsonValue.Create(l);
        if (double.TryParse(v.Replace("_", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)) return JsonValue.Create(d);
        return JsonValue.Create(v);
    }

    /// <summary>Compact JSON for the resolved config (JSON is valid flow YAML).</summary>
    public static string Format(JsonNode? value) => value is null ? "null" : value.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
}
