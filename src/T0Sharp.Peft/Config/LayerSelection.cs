using System.Text.Json.Nodes;

namespace T0Sharp.Peft.Config;

/// <summary>
/// PEFT's <c>layers_to_transform</c> (an int or a list of ints) with <c>layers_pattern</c> (a string or a list): only
/// modules in those layers are adapted. <see cref="Scalar"/> remembers the single-value form so it is written back as read.
/// </summary>
public sealed record LayerSelection(IReadOnlyList<int> Indexes, bool Scalar)
{
    public JsonNode ToJson() => Scalar ? JsonValue.Create(Indexes[0]) : new JsonArray(Indexes.Select(i => (JsonNode)JsonValue.Create(i)).ToArray());

    public bool Equals(LayerSelection? other) => other is not null && Scalar == other.Scalar && Indexes.SequenceEqual(other.Indexes);
    public override int GetHashCode() => HashCode.Combine(Scalar, Indexes.Count);
}

/// <summary>PEFT's <c>layers_pattern</c>: a string or a list of strings naming the layer list (e.g. "block", "h").</summary>
public sealed record LayersPattern(IReadOnlyList<string> Patterns, bool Scalar)
{
    public JsonNode ToJson() => Scalar ? JsonValue.Create(Patterns[0])! : new JsonArray(Patterns.Select(p => (JsonNode)JsonValue.Create(p)!).ToArray());

    public bool Equals(LayersPattern? other) => other is not null && Scalar == other.Scalar && Patterns.SequenceEqual(other.Patterns);
    public override int GetHashCode() => HashCode.Combine(Scalar, Patterns.Count);
}

/// <summary>Reading helpers shared by the layer-adapter configs (LoRA, (IA)^3, Poly).</summary>
internal static class LayerFields
{
    public static LayerSelection? ReadLayers(ConfigReader r)
    {
        var scalar = IsScalar(r, "layers_to_transform");
        var list = r.IntOrIntList("layers_to_transform");
        return list is null ? null : new LayerSelection(list, scalar);
    }

    public static LayersPattern? ReadPattern(ConfigReader r)
    {
        var scalar = IsScalar(r, "layers_pattern");
        var list = r.StringOrStringList("layers_pattern");
        return list is null ? null : new LayersPattern(list, scalar);
    }

    static bool IsScalar(ConfigReader r, string field) => r.Has(field) && r.Peek(field) is JsonValue;
}
