using System.Reflection;
using System.Text.Json;
using T0Sharp.Core;
using T0Sharp.Distributed;
using T0Sharp.Training.Loop;

namespace T0Sharp.Cli.Hosting;

/// <summary>
/// The one error convention every command runs through (README.md, "Exit codes"): a mistake in the user's input
/// (<see cref="UserError"/> and the .NET exceptions that report missing or malformed files and values) prints
/// <c>error: MESSAGE</c> on stderr and exits 2; cancellation exits 130; a failed process of a multi-process run exits 1;
/// anything else is a defect and prints one line naming the exception type, exit 1. With <c>T0SHARP_DEBUG=1</c> the
/// full exception with its stack trace follows the line.
/// </summary>
public static class CommandGuard
{
    /// <summary>Set to 1 (or true) to print stack traces after error lines.</summary>
    public const string DebugVariable = "T0SHARP_DEBUG";

    public const int Success = 0, Failed = 1, BadInput = 2, Diverged = 3, Interrupted = 130;

    /// <summary>Prefixed to error lines, e.g. "[rank 3] " in processes other than rank 0 of a multi-process run.</summary>
    public static string Prefix { get; set; } = "";

    /// <summary>
    /// Runs a command body and turns its exceptions into an error line and exit code. <paramref name="interrupted"/>
    /// is printed when the body is cancelled (default: "interrupted").
    /// </summary>
    public static int Run(Func<int> body, string? interrupted = null)
    {
        var prefix = Prefix;
        try { return body(); }
        catch (Exception e) { return Report(e, interrupted); }
        finally { Prefix = prefix; }
    }

    /// <summary>The launch (mpiexec/srun or single process); a malformed launch environment is bad input.</summary>
    public static LaunchEnvironment DetectLaunch()
    {
        try { return LaunchEnvironment.Detect(); }
        catch (ProcessGroupException e) { throw new UserError(e.Message, e); }
    }

    /// <summary>Prints <paramref name="e"/> as the convention says and returns its exit code.</summary>
    public static int Report(Exception e, string? interrupted = null)
    {
        e = Unwrap(e);
        var code = ExitCode(e);
        var line = code switch
        {
            Interrupted => interrupted ?? "interrupted",
            Failed when e is not ProcessGroupException =>
                $"internal error ({e.GetType().Name}): {FirstLine(e.Message)}" + (Debug ? "" : $" (set {DebugVariable}=1 for the stack trace)"),
            _ => e.Message.Trim(),
        };
        Console.Error.WriteLine((code == Interrupted ? "" : "error: ") + Prefix + line);
        if (Debug) Console.Error.WriteLine(e.ToString());
        return code;
    }

    /// <summary>The exit code of an exception that ended a command.</summary>
    public static int ExitCode(Exception e) => Unwrap(e) switch
    {
        OperationCanceledException => Interrupted,
        UserError => BadInput,
        ProcessGroupException => Failed,
        TrainingDivergedException => Diverged,
        // .NET's own exceptions for missing, unreadable or malformed files and values: bad input, as our libraries
        // throw them with messages that name the file, line or option.
        FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or InvalidDataException
            or JsonException or FormatException or KeyNotFoundException or NotSupportedException or PathTooLongException => BadInput,
        ArgumentException and not (ArgumentNullException or ArgumentOutOfRangeException) => BadInput,
        ArgumentOutOfRangeException a when a.ParamName is null => BadInput,
        InvalidOperationException and not ObjectDisposedException => BadInput,
        IOException and not EndOfStreamException => BadInput,
        _ => Failed,
    };

    static bool Debug => Environment.GetEnvironmentVariable(DebugVariable) is "1" or "true" or "TRUE" or "True";

    static Exception Unwrap(Exception e)
    {
        while (true)
        {
            if (e is AggregateException { InnerExceptions.Count: 1 } a) e = a.InnerExceptions[0];
            else if (e is TargetInvocationException { InnerException: { } t }) e = t;
            else if (e is TypeInitializationException { InnerException: { } i }) e = i;
            else return e;
        }
    }

    static string FirstLine(string s)
    {
        var i = s.IndexOfAny(['\r', '\n']);
        return i < 0 ? s : s[..i];
    }
}
