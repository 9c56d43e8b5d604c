using Spectre.Console;
using T0Sharp.Evaluation.Running;
using T0Sharp.Evaluation.Suites;

namespace T0Sharp.Cli.Terminal;

/// <summary>
/// A live Spectre.Console progress display (one bar per task) when the terminal is interactive, plain lines
/// otherwise. Lives in the CLI: the evaluation library only raises <see cref="IEvalProgress"/> calls.
/// </summary>
public sealed class ConsoleEvalProgress : IEvalProgressHost
{
    public static readonly ConsoleEvalProgress Instance = new();

    public T Run<T>(Func<IEvalProgress, T> body)
    {
        var interactive = AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected;
        if (!interactive) return body(new TextProgress(Console.Out));
        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx => result = body(new SpectreProgress(ctx)));
        return result;
    }

    sealed class SpectreProgress(ProgressContext ctx) : IEvalProgress
    {
        readonly Dictionary<string, ProgressTask> _tasks = [];

        public void TaskStarted(EvalTask task, int templates, int total, int alreadyDone)
        {
            var t = ctx.AddTask(Markup.Escape($"{task.DisplayLabel} ({templates} templates)"), maxValue: Math.Max(1, total));
            t.Value = alreadyDone;
            _tasks[task.Name] = t;
        }

        public void Advanced(EvalTask task, int items)
        {
            if (_tasks.TryGetValue(task.Name, out var t)) t.Increment(items);
        }

        public void TaskFinished(EvalTask task)
        {
            if (_tasks.TryGetValue(task.Name, out var t)) t.Value = t.MaxValue;
        }

        public void Message(string text) => AnsiConsole.MarkupLine("[grey]" + Markup.Escape(text) + "[/]");
    }
}
