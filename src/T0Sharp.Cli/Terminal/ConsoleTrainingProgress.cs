using Spectre.Console;
using T0Sharp.Training.Loop;
using T0Sharp.Training.Progress;

namespace T0Sharp.Cli.Terminal;

/// <summary>
/// The live training bar on a terminal (Spectre.Console), fed by the trainer's events: the step summary, a bar,
/// the percentage and the remaining time on one row. The row is laid out for the terminal's width: the bar is at
/// most <see cref="BarWidth"/> columns and the summary keeps only the leading fields that fit, so at 80 columns the
/// row neither collapses nor wraps. Evaluations, checkpoints and notices are printed as lines above it.
/// </summary>
public sealed class ConsoleTrainingProgress(IAnsiConsole? console = null) : IProgressDisplay
{
    /// <summary>Columns of the bar itself.</summary>
    public const int BarWidth = 20;

    /// <summary>Columns the row spends outside the summary: bar, percentage (4), remaining time (8), spinner (1), and one space between columns.</summary>
    public const int FixedColumns = BarWidth + 4 + 8 + 1 + 4;

    readonly IAnsiConsole _console = console ?? AnsiConsole.Console;

    /// <summary>The summary's share of a row <paramref name="width"/> columns wide.</summary>
    public static int SummaryWidth(int width) => Math.Max(12, width - FixedColumns - 1);

    public TrainingResult Show(Trainer trainer, Func<TrainingResult> run)
    {
        TrainingResult? result = null;
        new Progress(_console)
        {
            AutoClear = false,
            HideCompleted = false,
        }
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = BarWidth },
                new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("starting", maxValue: trainer.Options.Run.MaxSteps);
                void OnEvent(TrainerEvent e)
                {
                    if (e is StepEvent s)
                    {
                        task.Value = s.Step;
                        task.Description = Markup.Escape(TrainingProgress.StepSummary(s, SummaryWidth(_console.Profile.Width)));
                    }
                    else if (e is MessageEvent { Text: var t } && t.StartsWith("resolved configuration", StringComparison.Ordinal))
                        _console.Write(new Panel(Markup.Escape(t["resolved configuration:\n".Length..].TrimEnd())).Header("resolved configuration"));
                    else if (TrainingProgress.Describe(e) is { } line)
                        _console.MarkupLine(Markup.Escape(line));
                    if (e is MessageEvent { Text: var m } && m.StartsWith("resumed", StringComparison.Ordinal)) task.Value = e.Step;
                }
                trainer.Event += OnEvent;
                try { result = run(); }
                finally { trainer.Event -= OnEvent; }
            });
        return result!;
    }
}
