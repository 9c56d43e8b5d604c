namespace T0Sharp.Evaluation.Running;

/// <summary>
/// Hosts an evaluation's progress display for the duration of <c>body</c> (the CLI's live bars on a terminal).
/// <see cref="PlainEvalProgress"/> writes plain lines to stdout.
/// </summary>
public interface IEvalProgressHost
{
    T Run<T>(Func<IEvalProgress, T> body);
}

/// <summary>Plain progress lines on stdout (logs, pipes, libraries without a terminal UI).</summary>
public sealed class PlainEvalProgress : IEvalProgressHost
{
    public static readonly PlainEvalProgress Instance = new();

    public T Run<T>(Func<IEvalProgress, T> body) => body(new TextProgress(Console.Out));
}
