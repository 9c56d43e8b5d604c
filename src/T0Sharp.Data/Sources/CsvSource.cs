using System.Globalization;
using T0Sharp.Core;
using System.Text;

namespace T0Sharp.Data.Sources;

/// <summary>
/// CSV (',') or TSV ('\t') with a header row; quoting per RFC 4180 in both. Column types are inferred as
/// pandas (which Hugging Face's csv loader uses) would, from the first <see cref="SourceOptions.CsvTypeSampleRows"/>
/// records: a column whose non-empty cells all parse as integers is long, as numbers double, as True/False
/// bool, else string. Empty cells are null. A later cell that does not parse as its column's type stays a
/// string (pandas would have typed the whole column as object). A record with a different number of
/// fields than the header is a bad record.
/// </summary>
public sealed class CsvSource(string path, char delimiter, SourceOptions? options = null) : IExampleSource
{
    enum ColumnType { Long, Double, Bool, String }

    readonly SourceOptions _options = options ?? SourceOptions.Strict;

    public string Path { get; } = path;

    /// <summary>Picks ',' or '\t' from the extension (.tsv = tab).</summary>
    public static CsvSource ForFile(string path, SourceOptions? options = null) =>
        new(path, path.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : ',', options);

    public IEnumerable<SourceRow> Read(long skip = 0)
    {
        using var text = Utf8Lines.OpenText(Path);
        var records = new CsvRecordReader(text, delimiter);
        var header = Next(records) ?? throw new DataFormatException(Path, 1, "empty file: a header row is expected");
        var names = header.Fields;
        var sample = new List<(List<string> Fields, long Line)>();
        while (sample.Count < _options.CsvTypeSampleRows && Next(records) is { } r) sample.Add(r);
        var types = Infer(names.Count, sample);

        long index = 0;
        foreach (var rec in sample.Concat(Rest(records)))
        {
            if (rec.Fields.Count != names.Count)
            {
                var e = new DataFormatException(Path, rec.Line, $"expected {names.Count} fields as in the header, found {rec.Fields.Count}");
                if (!_options.SkipBadRows) throw e;
                _options.BadRows.Add(e);
                continue;
            }
            if (index++ < skip) continue;
            var values = new OrderedDictionary<string, object?>(names.Count, StringComparer.Ordinal);
            for (int i = 0; i < names.Count; i++) values[names[i]] = Convert(rec.Fields[i], types[i]);
            yield return new SourceRow(index - 1, rec.Line, values);
        }
    }

    public long CountRows() => Read().LongCount();

    IEnumerable<(List<string> Fields, long Line)> Rest(CsvRecordReader records)
    {
        while (Next(records) is { } r) yield return r;
    }

    (List<string> Fields, long Line)? Next(CsvRecordReader records)
    {
        try { return records.ReadRecord(); }
        catch (FormatException e) { throw new DataFormatException(Path, 0, e.Message); }
    }

    static ColumnType[] Infer(int columns, List<(List<string> Fields, long Line)> sample)
    {
        var types = new ColumnType[columns];
        for (int c = 0; c < columns; c++)
        {
            var cells = sample.Where(r => r.Fields.Count == columns).Select(r => r.Fields[c]).Where(s => s.Length > 0).ToList();
            types[c] = cells.Count == 0 ? ColumnType.String
                : cells.All(s => long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)) ? ColumnType.Long
                : cells.All(s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) ? ColumnType.Double
                : cells.All(s => s is "True" or "False" or "true" or "false" or "TRUE" or "FALSE") ? ColumnType.Bool
                : ColumnType.String;
        }
        return types;
    }

    static object? Convert(string cell, ColumnType type)
    {
        if (cell.Length == 0) return null;
        return type switch
        {
            ColumnType.Long when long.TryParse(cell, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => l,
            ColumnType.Double when double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            ColumnType.Bool when bool.TryParse(cell, out var b) => b,
            _ => cell,
        };
    }
}
