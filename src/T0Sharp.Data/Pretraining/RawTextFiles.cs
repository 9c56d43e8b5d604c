using T0Sharp.Core;
using System.Text;
using T0Sharp.Data.Sources;

namespace T0Sharp.Data.Pretraining;

/// <summary>How a plain-text file splits into documents.</summary>
public enum PlainTextDocuments
{
    /// <summary>Every non-blank line is a document.</summary>
    Line,

    /// <summary>Documents are separated by one or more blank lines; a document's lines are joined with "\n".</summary>
    BlankLine,
}

/// <summary>One document of raw text and where it starts.</summary>
public sealed record RawDocument(string Text, string File, long Line);

/// <summary>
/// Raw-text sources for pretraining. A <c>.jsonl</c> or <c>.json</c> file holds one JSON object per line whose
/// <c>textField</c> is the document (a line without it, or with a non-string value, is an error naming the file and
/// line); any other file is plain UTF-8 text split into documents by <see cref="PlainTextDocuments"/>. Folders
/// contribute their <c>*.jsonl</c>, <c>*.json</c> and <c>*.txt</c> files in name order.
/// </summary>
public static class RawTextFiles
{
    /// <summary>Every file a comma-separated list of files and folders names.</summary>
    /// <exception cref="FileNotFoundException">a path that does not exist.</exception>
    public static List<string> Expand(string spec)
    {
        var files = new List<string>();
        foreach (var part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Directory.Exists(part))
                files.AddRange(Directory.GetFiles(part).Where(f => IsJson(f) || f.EndsWith(".txt", StringComparison.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal));
            else if (File.Exists(part)) files.Add(part);
            else throw new FileNotFoundException($"text file not found: {part}", part);
        }
        return files;
    }

    static bool IsJson(string path) =>
        path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    /// <summary>The documents of one file, in order (empty documents are skipped).</summary>
    /// <exception cref="DataFormatException">a JSON line without a string <paramref name="textField"/>.</exception>
    public static IEnumerable<RawDocument> Read(string path, string textField = "text", PlainTextDocuments plain = PlainTextDocuments.Line) =>
        IsJson(path) ? ReadJsonl(path, textField) : ReadPlain(path, plain);

    static IEnumerable<RawDocument> ReadJsonl(string path, string field)
    {
        foreach (var row in new JsonlSource(path).Read())
        {
            if (!row.Values.TryGetValue(field, out var value) || value is not string text)
                throw new DataFormatException(path, row.Line, value is null && !row.Values.ContainsKey(field)
                    ? $"no \"{field}\" field (data.text_field names the field holding the text)"
                    : $"\"{field}\" is not a string");
            if (text.Length > 0) yield return new RawDocument(text, path, row.Line);
        }
    }

    static IEnumerable<RawDocument> ReadPlain(string path, PlainTextDocuments mode)
    {
        var block = new StringBuilder();
        long start = 0;
        foreach (var (line, text) in Utf8Lines.Read(path))   // strict UTF-8: bad bytes are an error naming the line
        {
            if (mode == PlainTextDocuments.Line)
            {
                if (!string.IsNullOrWhiteSpace(text)) yield return new RawDocument(text, path, line);
                continue;
            }
            if (string.IsNullOrWhiteSpace(text))
            {
                if (block.Length > 0) yield return new RawDocument(block.ToString(), path, start);
                block.Clear();
                continue;
            }
            if (block.Length == 0) start = line;
            else block.Append('\n');
            block.Append(text);
        }
        if (block.Length > 0) yield return new RawDocument(block.ToString(), path, start);
    }
}
