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
