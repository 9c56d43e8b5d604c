using System.Text.Json.Nodes;

namespace T0Sharp.Peft.Config;

/// <summary>
/// PEFT's <c>target_modules</c> (and <c>feedforward_modules</c>): a list of names, each matching a module whose name
/// equals it or ends with ".name", or one string, a regular expression that must match the whole module name.
/// </summary>
public sealed record TargetSpec
{
    TargetSpec(IReadOnlyList<string>? names, string? regex) { Names = names; Regex = regex; }

    /// <summary>The names (list form), or null for the regex form.</summary>
    public IReadOnlyList<string>? Names { get; }

    /// <summary>The regular expression (string form), or null for the list form.</summary>
    public string? Regex { get; }

    public bool IsRegex => Regex is not null;

    public static TargetSpec FromNames(IEnumerable<string> names) => new(names.ToList(), null);
    public static TargetSpec FromRegex(string regex) => new(null, regex);

    public JsonNode ToJson() => IsRegex ? JsonValue.Create(Regex)! : new JsonArray(Names!.Select(n => (JsonNode)JsonValue.Create(n)!).ToArray());

    public override string ToString() => IsRegex ? $"\"{Regex}\" (regex)" : "[" + string.Join(", ", Names!) + "]";

    public bool Equals(TargetSpec? other) => other is not null && Regex == other.Regex
        && (Names is null ? other.Names is null : other.Names is not null && Names.SequenceEqual(other.Names));

    public override int GetHashCode() => HashCode.Combine(Regex, Names?.Count);
}
