using System.Text;

namespace T0Sharp.Prompts.Templates;

/// <summary>
/// One line of <c>t0sharp prompts render</c> output: the result of applying one template to one example.
/// When rendering raised, <see cref="Error"/> is "PythonType: message", <see cref="Parts"/> is empty and
/// <see cref="AnswerChoices"/> is null.
/// </summary>
public sealed record RenderRecord(int Example, string Template, string Id, IReadOnlyList<string> Parts,
    IReadOnlyList<string>? AnswerChoices, string? Error)
{
    /// <summary>
    /// The JSON line, byte-identical to Python's <c>json.dumps(record, ensure_ascii=False)</c>: keys in contract
    /// order, ", " and ": " separators, non-ASCII written raw, only '"', '\\' and control characters escaped.
    /// </summary>
    public string ToJson()
    {
        var sb = new StringBuilder(256);
        sb.Append("{\"example\": ").Append(Example);
        sb.Append(", \"template\": "); JsonText.AppendString(sb, Template);
        sb.Append(", \"id\": "); JsonText.AppendString(sb, Id);
        sb.Append(", \"parts\": "); JsonText.AppendList(sb, Parts);
        sb.Append(", \"answer_choices\": ");
        if (AnswerChoices is null) sb.Append("null"); else JsonText.AppendList(sb, AnswerChoices);
        sb.Append(", \"error\": ");
        if (Error is null) sb.Append("null"); else JsonText.AppendString(sb, Error);
        return sb.Append('}').ToString();
    }
}

/// <summary>JSON string writing with Python's <c>ensure_ascii=False</c> escaping rules.</summary>
public static class JsonText
{
    public static void AppendList(StringBuilder sb, IReadOnlyList<string> items)
    {
        sb.Append('[');
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            AppendString(sb, items[i]);
        }
        sb.Append(']');
    }

    public static void AppendString(StringBuilder sb, string s) => T0Sharp.Core.PythonJson.AppendString(sb, s, ensureAscii: false);

    public static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2);
        AppendString(sb, s);
        return sb.ToString();
    }
}
