using System.Text;
using System.Text.Json;

namespace T0Sharp.Data.Sources;

/// <summary>
/// JSON Lines: one JSON object per line, UTF-8. Blank lines are ignored. A line that is not valid JSON or not
/// an object is a bad record (error or skip, per <see cref="SourceOptions.SkipBadRows"/>).
/// </summary>
public sealed class JsonlSource(string path, SourceOptions? options = null) : IExampleSource
{
    readonly SourceOptions _options = options ?? SourceOptions.Strict;

    public string Path { get; } = path;

    public IEnumerable<SourceRow> Read(long skip = 0)
    {
        using var reader = new StreamReader(Path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        long line = 0, index = 0;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            if (index < skip && !_options.SkipBadRows) { index++; continue; }   // strict: skip without parsing
            var values = Parse(text, line);
            if (values == null) continue;
            if (index++ < skip) continue;
            yield return new SourceRow(index - 1, line, values);
        }
    }

    public long CountRows()
    {
        if (_options.SkipBadRows) return Read().LongCount();
        long n = 0;
        using var reader = new StreamReader(Path, Encoding.UTF8, true, 1 << 16);
        while (reader.ReadLine() is { } text) if (!string.IsNullOrWhiteSpace(text)) n++;
        return n;
    }

    OrderedDictionary<string, object?>? Parse(string text, long line)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                return Bad(line, $"expected a JSON object, found {doc.RootElement.ValueKind.ToString().ToLowerInvariant()}");
            return (OrderedDictionary<string, object?>)ExampleValues.FromJson(doc.RootElement)!;
        }
        catch (JsonException e)
        {
            return Bad(line, "invalid JSON: " + e.Message);
        }
    }

    OrderedDictionary<string, object?>? Bad(long line, string reason)
    {
        var e = new DataFormatException(Path, line, reason);
        if (!_options.SkipBadRows) throw e;
        _options.BadRows.Add(e);
        return null;
    }
}
