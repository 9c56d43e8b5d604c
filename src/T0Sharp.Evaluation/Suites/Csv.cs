using System.Text;

namespace T0Sharp.Evaluation.Suites;

/// <summary>A small RFC 4180 CSV reader (quoted fields, doubled quotes, newlines inside quotes) for the t-zero lists.</summary>
public sealed class Csv
{
    public required string Path { get; init; }
    public required IReadOnlyList<string> Header { get; init; }
    public required IReadOnlyList<string[]> Rows { get; init; }

    public string Get(string[] row, string column)
    {
        var i = Header.ToList().IndexOf(column);
        if (i < 0) throw new InvalidDataException($"{Path}: no column '{column}' (columns: {string.Join(", ", Header)})");
        return i < row.Length ? row[i] : "";
    }

    public static Csv ReadFile(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"CSV file not found: {path}", path);
        var records = Parse(File.ReadAllText(path), path);
        if (records.Count == 0) throw new InvalidDataException($"{path}: empty CSV file (a header row is needed)");
        return new Csv { Path = path, Header = records[0], Rows = records.Skip(1).Where(r => r.Length > 1 || r[0].Length > 0).ToList() };
    }

    public static List<string[]> Parse(string text, string path = "<csv>")
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        var line = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') inQuotes = false;
                else { if (c == '\n') line++; field.Append(c); }
            }
            else if (c == '"') inQuotes = true;
            else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (c == '\n' || c == '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                row.Add(field.ToString()); field.Clear();
                rows.Add(row.ToArray()); row.Clear();
                line++;
            }
            else field.Append(c);
        }
        if (inQuotes) throw new InvalidDataException($"{path}:{line}: unterminated quoted field");
        if (field.Length > 0 || row.Count > 0) { row.Add(field.ToString()); rows.Add(row.ToArray()); }
        return rows;
    }
}
