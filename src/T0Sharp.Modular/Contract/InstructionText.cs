namespace T0Sharp.Modular.Contract;

/// <summary>
/// The instruction of a prompt: its template with the example's fields removed. T0Sharp infers it from rendered
/// inputs rather than from template source, so that one rule serves rendered training files (no template at hand),
/// mixtures and evaluation alike: the words that every one of up to <see cref="MaxExamples"/> rendered inputs of the
/// same (task, template) share, in order (the longest common word subsequence, folded over the examples in order).
/// Field values that happen to agree on every sampled example stay in the instruction; with 32 examples of a real
/// dataset that is rare. A single example gives its whole input (no field can be told apart).
/// </summary>
public static class InstructionText
{
    public const int MaxExamples = 32;

    /// <summary>The instruction shared by <paramref name="renderedInputs"/> (the first <see cref="MaxExamples"/> are used); "" when none.</summary>
    public static string Infer(IEnumerable<string> renderedInputs)
    {
        string[]? common = null;
        foreach (var input in renderedInputs.Take(MaxExamples))
        {
            var words = Words(input);
            common = common is null ? words : Lcs(common, words);
            if (common.Length == 0) break;
        }
        return common is null ? "" : string.Join(' ', common);
    }

    static string[] Words(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The longest common subsequence of two word lists (the earliest-matching one when several tie).</summary>
    internal static string[] Lcs(string[] a, string[] b)
    {
        var len = new int[a.Length + 1, b.Length + 1]; // len[i, j]: LCS of a[i..] and b[j..]
        for (var i = a.Length - 1; i >= 0; i--)
            for (var j = b.Length - 1; j >= 0; j--)
                len[i, j] = a[i] == b[j] ? len[i + 1, j + 1] + 1 : Math.Max(len[i + 1, j], len[i, j + 1]);
        var result = new List<string>(len[0, 0]);
        for (int i = 0, j = 0; i < a.Length && j < b.Length;)
        {
            if (a[i] == b[j]) { result.Add(a[i]); i++; j++; }
            else if (len[i + 1, j] >= len[i, j + 1]) i++;
            else j++;
        }
        return result.ToArray();
    }
}
