using T0Sharp.Prompts.Jinja;

namespace T0Sharp.Data.Tasks;

/// <summary>
/// A piece of a rendered prompt input: text computed from the example (<paramref name="IsField"/>: a
/// promptsource <c>{{ expression }}</c> that uses a variable, a FLAN <c>{field}</c>) or the template's own text.
/// Flipped Learning's instruction is the template's own text: what remains when the example's fields are removed.
/// </summary>
public sealed record TemplateSegment(string Text, bool IsField)
{
    /// <summary>
    /// Normalizes a segment list as the rendered input is normalized: Python <c>str.strip()</c> of the whole text
    /// (leading whitespace removed from the first segments, trailing from the last), empty segments dropped and
    /// neighbours of the same kind merged. Concatenating the result's texts gives the stripped rendered input.
    /// </summary>
    public static IReadOnlyList<TemplateSegment> Strip(IEnumerable<TemplateSegment> segments)
    {
        var list = segments.Where(s => s.Text.Length > 0).ToList();
        while (list.Count > 0 && list[0].Text.TrimStart(PythonSpace) is var t && t.Length != list[0].Text.Length)
        {
            if (t.Length == 0) list.RemoveAt(0); else { list[0] = list[0] with { Text = t }; break; }
        }
        while (list.Count > 0 && list[^1].Text.TrimEnd(PythonSpace) is var t && t.Length != list[^1].Text.Length)
        {
            if (t.Length == 0) list.RemoveAt(list.Count - 1); else { list[^1] = list[^1] with { Text = t }; break; }
        }
        var merged = new List<TemplateSegment>();
        foreach (var s in list)
            if (merged.Count > 0 && merged[^1].IsField == s.IsField) merged[^1] = merged[^1] with { Text = merged[^1].Text + s.Text };
            else merged.Add(s);
        return merged;
    }

    /// <summary>
    /// Splits text rendered with <see cref="RenderOptions.MarkFields"/> into segments: text inside the marks (at any
    /// nesting depth) is field text, the rest template text. Marks are removed.
    /// </summary>
    public static IReadOnlyList<TemplateSegment> FromMarked(string marked)
    {
        var segments = new List<TemplateSegment>();
        var sb = new System.Text.StringBuilder();
        int depth = 0;
        void Flush(bool field) { if (sb.Length > 0) { segments.Add(new TemplateSegment(sb.ToString(), field)); sb.Clear(); } }
        foreach (var c in marked)
        {
            if (c == RenderOptions.FieldStart) { if (depth++ == 0) Flush(false); }
            else if (c == RenderOptions.FieldEnd) { if (depth > 0 && --depth == 0) Flush(true); }
            else sb.Append(c);
        }
        Flush(depth > 0);
        return Strip(segments);
    }

    /// <summary>The characters Python's <c>str.isspace()</c> accepts (those <c>str.strip()</c> removes).</summary>
    static readonly char[] PythonSpace = Enumerable.Range(0, 0x3001).Select(i => (char)i).Where(IsPythonSpace).ToArray();

    static bool IsPythonSpace(char c) => c switch
    {
        >= '\t' and <= '\r' => true,
        >= '\x1c' and <= ' ' => true,
        '\x85' or '\xa0' or '\u1680' or '\u2028' or '\u2029' or '\u202f' or '\u205f' or '\u3000' => true,
        >= '\u2000' and <= '\u200a' => true,
        _ => false,
    };
}

/// <summary>A template that can tell its own text from the example's fields in a rendered input (Flipped Learning).</summary>
public interface IInstructionTemplate
{
    /// <summary>
    /// The rendered input (the first part, stripped) as segments, drawing the same random choices as
    /// <see cref="ITaskTemplate.Apply"/> with the same seed; null when the template yields no input part.
    /// </summary>
    IReadOnlyList<TemplateSegment>? Segments(IReadOnlyDictionary<string, object?> example, long seed);
}
