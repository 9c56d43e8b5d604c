using System.Text;

namespace T0Sharp.Data.Sources;

/// <summary>
/// Splits CSV/TSV text into records (RFC 4180: fields may be quoted with '"', a quote inside is doubled,
/// quoted fields may span lines). Reports the line where each record starts.
/// </summary>
internal sealed class CsvRecordReader(TextReader reader, char delimiter)
{
    long _line = 1;
    int _peek = -2;

    int Next() { if (_peek != -2) { var c = _peek; _peek = -2; return c; } return reader.Read(); }
    int Peek() { if (_peek == -2) _peek = reader.Read(); return _peek; }

    /// <summary>The next record and the line it starts on; null at end of file. Throws FormatException for an unterminated quote.</summary>
    /// <summary>
    /// Reads a comma-separated list file with a header row and returns, for each data row, the fields of
    /// <paramref name="columns"/> (in that order) with the file and line. A missing file, missing column or short row is
    /// an error naming <paramref name="what"/> (e.g. "t-zero list"), the file and the line.
    /// </summary>
    public static List<(string[] F, string File, long Line)> ReadColumns(string file, string[] columns, string what)
    {
        if (!File.Exists(file)) throw new FileNotFoundException($"{what} '{file}' not found", file);
        using var text = new StreamReader(file);
        var reader = new CsvRecordReader(text, ',');
        var header = reader.ReadRecord() ?? throw new DataFormatException(file, 1, "empty file");
        var idx = columns.Select(c => header.Fields.IndexOf(c)).ToArray();
        for (int i = 0; i < columns.Length; i++)
            if (idx[i] < 0) throw new DataFormatException(file, 1, $"missing column '{columns[i]}'");
        var rows = new List<(string[], string, long)>();
        while (reader.ReadRecord() is { } rec)
        {
            if (rec.Fields.Count < header.Fields.Count) throw new DataFormatException(file, rec.Line, $"expected {header.Fields.Count} fields, found {rec.Fields.Count}");
            rows.Add((idx.Select(i => rec.Fields[i]).ToArray(), file, rec.Line));
        }
        return rows;
    }

    public (List<string> Fields, long Line)? ReadRecord()
    {
        while (true)
        {
            int first = Peek();
            if (first == -1) return null;
            if (first == '\n' || first == '\r') { ConsumeNewline(); continue; }   // blank line
            break;
        }
        long start = _line;
        var fields = new List<string>();
        var sb = new StringBuilder();
        bool quoted = false, wasQuoted = false;
        while (true)
        {
            int c = Next();
            if (quoted)
            {
                if (c == -1) throw new FormatException($"unterminated quoted field starting on line {start}");
                if (c == '"') { if (Peek() == '"') { Next(); sb.Append('"'); } else quoted = false; }
                else { if (c == '\n') _line++; sb.Append((char)c); }
                continue;
            }
            if (c == -1 || c == '\n' || c == '\r')
            {
                if (c == '\r' && Peek() == '\n') Next();
                if (c != -1) _line++;
                fields.Add(sb.ToString());
                return (fields, start);
            }
            if (c == delimiter) { fields.Add(sb.ToString()); sb.Clear(); wasQuoted = false; continue; }
            if (c == '"' && sb.Length == 0 && !wasQuoted) { quoted = true; wasQuoted = true; continue; }
            sb.Append((char)c);
        }
    }

    void ConsumeNewline()
    {
        int c = Next();
        if (c == '\r' && Peek() == '\n') Next();
        _line++;
    }
}
