using System.Reflection;
using System.Text;

namespace T0Sharp.Training.Options;

/// <summary>Maps C# property and enum names to the snake_case names used in YAML, and suggests close names.</summary>
public static class OptionNames
{
    /// <summary>"OutputDir" → "output_dir", "TokenMean" → "token_mean", "AdamW" → "adamw".</summary>
    public static string ToSnake(string name)
    {
        var sb = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var startsWord = i > 0 && char.IsUpper(c) && i + 1 < name.Length && char.IsLower(name[i + 1]);
            if (startsWord) sb.Append('_');
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }

    /// <summary>Public settable properties of an options record, by snake_case name, in declaration order.</summary>
    public static IReadOnlyList<(string Name, PropertyInfo Property)> Properties(Type t) =>
        t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
            .OrderBy(p => p.MetadataToken)
            .Select(p => (ToSnake(p.Name), p))
            .ToList();

    /// <summary>The candidate closest to <paramref name="name"/> by edit distance, or null when none is reasonably close.</summary>
    public static string? Closest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var c in candidates)
        {
            var d = EditDistance(name, c);
            if (d < bestDistance) (best, bestDistance) = (c, d);
        }
        return best != null && bestDistance <= Math.Max(2, name.Length / 2) ? best : null;
    }

    public static string Suggest(string name, IEnumerable<string> candidates)
    {
        var list = candidates.ToList();
        var close = Closest(name, list);
        return close != null ? $"did you mean '{close}'? " + $"(valid: {string.Join(", ", list)})" : $"valid: {string.Join(", ", list)}";
    }

    static int EditDistance(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) prev[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}
