using T0Sharp.Prompts.Python;

namespace T0Sharp.Prompts.Jinja;

/// <summary>
/// A template that does not parse. <see cref="Line"/> and <see cref="Column"/> are 1-based positions in the
/// source; <see cref="SourceLine"/> is the text of that line. The message reads like Jinja's.
/// </summary>
public class TemplateSyntaxException : Exception
{
    public TemplateSyntaxException(string message, int line, int column, string sourceLine, string? templateName = null)
        : base(message)
    {
        Line = line;
        Column = column;
        SourceLine = sourceLine;
        TemplateName = templateName;
    }

    /// <summary>The Jinja-style message without the position (e.g. "unexpected '}'").</summary>
    public string Description => base.Message;
    public int Line { get; }
    public int Column { get; }
    public string SourceLine { get; }
    public string? TemplateName { get; }

    public override string Message =>
        $"{(TemplateName != null ? TemplateName + ":" : "")}{Line}:{Column}: {Description}\n    {SourceLine}\n    {new string(' ', Math.Max(0, Column - 1))}^";
}

/// <summary>
/// An exception raised while rendering. <see cref="PythonType"/> is the class Python/Jinja would raise:
/// "IndexError", "ValueError", "TypeError", "KeyError", "ZeroDivisionError", "UndefinedError",
/// "TemplateRuntimeError", ...
/// </summary>
public class TemplateRenderException : Exception
{
    public TemplateRenderException(string pythonType, string message, int line = 0, Exception? inner = null)
        : base(message, inner)
    {
        PythonType = pythonType;
        Line = line;
    }

    public string PythonType { get; }

    /// <summary>The 1-based template line being evaluated (0 when unknown).</summary>
    public int Line { get; }

    internal static TemplateRenderException From(PyException e, int line) => new(e.PythonType, e.Message, line, e);
}
