using System.Text;

namespace T0Sharp.Data.Tasks.FewShot;

/// <summary>
/// How k exemplars and the query are joined into one input, as FLAN v2 builds few-shot tasks
/// (flan/v2/few_shot.py + seqio.experimental.fewshot_preprocessor):
/// each rendered input gets <see cref="XYDelimiter"/> appended; then
/// <c>Σ_exemplars (InputsPrefix + input + XYDelimiter + TargetsPrefix + target + ExampleSeparator)
/// + InputsPrefix + query input + XYDelimiter + TargetsPrefix.rstrip()</c>, trailing spaces (not newlines) removed,
/// then <see cref="FinalSuffix"/> appended. The target is the query's target.
/// </summary>
public sealed record FewShotFormat(
    string InputsPrefix = "",
    string TargetsPrefix = "",
    string XYDelimiter = "\n\n",
    string ExampleSeparator = "\n\n\n",
    string FinalSuffix = "")
{
    /// <summary>FLAN's FewShotPattern defaults (x_y_delimiter "\n\n", example_separator "\n\n\n", no prefixes).</summary>
    public static FewShotFormat Flan { get; } = new();

    /// <summary>The few-shot input for <paramref name="query"/> after <paramref name="exemplars"/> (inputs, targets).</summary>
    public string Format(IEnumerable<(string Input, string Target)> exemplars, string query)
    {
        var sb = new StringBuilder();
        foreach (var (input, target) in exemplars)
            sb.Append(InputsPrefix).Append(input).Append(XYDelimiter).Append(TargetsPrefix).Append(target).Append(ExampleSeparator);
        sb.Append(InputsPrefix).Append(query).Append(XYDelimiter).Append(TargetsPrefix.TrimEnd(PythonWhitespace));
        // FLAN's remove_trailing_spaces_escape_newlines: regex_replace(" *$", "") removes spaces only.
        int end = sb.Length;
        while (end > 0 && sb[end - 1] == ' ') end--;
        sb.Length = end;
        return sb.Append(FinalSuffix).ToString();
    }

    // Python's str.rstrip() with no argument strips ASCII whitespace and the other isspace() characters; the
    // prefixes in practice end with ' ' or '\n', so the ASCII set is enough here.
    static readonly char[] PythonWhitespace = [' ', '\t', '\n', '\r', '\x0b', '\x0c'];
}
