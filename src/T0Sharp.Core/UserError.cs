namespace T0Sharp.Core;

/// <summary>
/// A mistake in what the user gave — a command-line option, an input file, a configuration key — as opposed to a
/// defect in T0Sharp. The message names the option, file, line or field and says what to do; the command line prints
/// it as one <c>error: ...</c> line and exits with code 2 (see README.md, "Exit codes"). Library exceptions that
/// always describe bad input (<c>OptionsException</c>, <c>DataFormatException</c>, <c>CheckpointFormatException</c>,
/// <c>TemplateLoadException</c>) derive from it.
/// </summary>
public class UserError : Exception
{
    public UserError(string message) : base(message) { }
    public UserError(string message, Exception? inner) : base(message, inner) { }
}
