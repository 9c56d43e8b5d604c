namespace T0Sharp.Prompts.Jinja;

/// <summary>The template source with newlines normalised and one trailing newline dropped, plus position lookup for errors.</summary>
internal sealed class SourceText
{
    public SourceText(string source, string? name)
    {
        Name = name;
        string s = source.Replace("\r\n", "\n").Replace('\r', '\n');
        if (s.EndsWith('\n')) s = s[..^1];
        Normalized = s;
    }

    public string? Name { get; }
    public string Normalized { get; }

    public (int Line, int Column) Position(int offset)
    {
        offset = Math.Clamp(offset, 0, Normalized.Length);
        int line = 1, lineStart = 0;
        for (int i = 0; i < offset; i++)
            if (Normalized[i] == '\n') { line++; lineStart = i + 1; }
        return (line, offset - lineStart + 1);
    }

    public string LineText(int line)
    {
        var lines = Normalized.Split('\n');
        return line >= 1 && line <= lines.Length ? lines[line - 1] : "";
    }

    public TemplateSyntaxException Error(string message, int offset)
    {
        var (line, col) = Position(offset);
        return new TemplateSyntaxException(message, line, col, LineText(line), Name);
    }
}
