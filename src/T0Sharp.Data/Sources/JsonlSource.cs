using T0Sharp.Core;
using System.Text.Json;

namespace T0Sharp.Data.Sources;

/// <summary>
/// JSON Lines: one JSON object per line, strict UTF-8 (<see cref="Utf8Lines"/>). Blank lines are ignored. A line that is not valid JSON or not
/// an object is a bad record (error or skip, per <see cref="SourceOptions.SkipBadRows"/>).
/// </summary>
public sealed class JsonlSource(string path, SourceOptions? options = null) : IExampleSource
{
    readonly SourceOptions _options = options ?? SourceOptions.Strict;

    public string Path { get; } = path;

    public IEnumerable<SourceRow> Read(long skip = 0)
    {
        long index = 0;
        foreach (var (line, text) in Utf8Lines.Read(Path))
        {
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
        return Utf8Lines.Read(Path).LongCount(l => !string.IsNullOrWhiteSpace(l.Text));
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
