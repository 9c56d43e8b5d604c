using System.Text.RegularExpressions;

namespace T0Sharp.Data.Tasks;

/// <summary>t-zero's task names, and the "did you mean" list for unknown names.</summary>
public static partial class TaskNames
{
    [GeneratedRegex(@"[^\w\d\._]+")]
    private static partial Regex Disallowed();

    /// <summary>
    /// <c>re.sub(r"[^\w\d\._]+", "_", dataset + "_" + subset + "_" + template)</c>, the subset part left out when
    /// there is none (t-zero's <c>utils.get_task_name</c>). ANLI's per-round tasks add "_r1" etc. to this.
    /// </summary>
    public static string Get(string dataset, string? subset, string templateName) =>
        Disallowed().Replace(dataset + (string.IsNullOrEmpty(subset) ? "_" : "_" + subset + "_") + templateName, "_");

    /// <summary>Up to <paramref name="max"/> candidates closest to <paramref name="name"/> by edit distance (ties: alphabetical).</summary>
    public static IReadOnlyList<string> Closest(string name, IEnumerable<string> candidates, int max = 5) =>
        candidates.Distinct(StringComparer.Ordinal)
            .Select(c => (c, d: EditDistance(name.ToLowerInvariant(), c.ToLowerInvariant())))
            .OrderBy(x => x.d).ThenBy(x => x.c, StringComparer.Ordinal)
            .Take(max).Select(x => x.c).ToList();

    /// <summary>An error message for an unknown name, listing the closest known ones.</summary>
    public static string Unknown(string kind, string name, IEnumerable<string> candidates)
    {
        var close = Closest(name, candidates);
        return close.Count == 0
            ? $"unknown {kind} '{name}' (none is defined)"
            : $"unknown {kind} '{name}'; closest: {string.Join(", ", close)}";
    }

    /// <summary>Levenshtein distance (insert, delete, substitute each cost 1).</summary>
    public static int EditDistance(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) prev[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (int j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}
