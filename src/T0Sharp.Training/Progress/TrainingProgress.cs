using System.Globalization;
using Spectre.Console;
using T0Sharp.Training.Loop;
using T0Sharp.Training.Options;

namespace T0Sharp.Training.Progress;

/// <summary>
/// Shows a run's progress: a live Spectre.Console bar with step, loss, learning rate, tokens/s and ETA on a
/// terminal; one plain line per logged step when output is redirected or in CI (auto), or as configured.
/// Evaluation results, checkpoints and notices are printed as lines in both modes.
/// </summary>
public static class TrainingProgress
{
    /// <summary>Runs <paramref name="run"/> while showing the trainer's events.</summary>
    public static TrainingResult Show(Trainer trainer, ProgressMode mode, Func<TrainingResult> run, TextWriter? plainOut = null)
    {
        var resolved = Resolve(mode);
        if (resolved == ProgressMode.None) return run();
        if (resolved == ProgressMode.Plain)
        {
            var w = plainOut ?? Console.Out;
            void OnPlain(TrainerEvent e) { var line = Describe(e); if (line != null) { w.WriteLine(line); w.Flush(); } }
            trainer.Event += OnPlain;
            try { return run(); }
            finally { trainer.Event -= OnPlain; }
        }
        TrainingResult? result = null;
        AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("starting", maxValue: trainer.Options.Run.MaxSteps);
                void OnRich(TrainerEvent e)
                {
                    if (e is StepEvent s)
                    {
                        task.Value = s.Step;
                        task.Description = Markup.Escape(StepSummary(s));
                    }
                    else if (e is MessageEvent { Text: var t } && t.StartsWith("resolved configuration", StringComparison.Ordinal))
                        AnsiConsole.Write(new Panel(Markup.Escape(t["resolved configuration:\n".Length..].TrimEnd())).Header("resolved configuration"));
                    else if (Describe(e) is { } line)
                        AnsiConsole.MarkupLine(Markup.Escape(line));
                    if (e is MessageEvent { Text: var m } && m.StartsWith("resumed", StringComparison.Ordinal)) task.Value = e.Step;
                }
                trainer.Event += OnRich;
                try { result = run(); }
                finally { trainer.Event -= OnRich; }
            });
        return result!;
    }

    /// <summary>auto → rich on an interactive terminal, plain when output is redirected or CI is set.</summary>
    public static ProgressMode Resolve(ProgressMode mode)
    {
        if (mode != ProgressMode.Auto) return mode;
        var ci = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));
        return !ci && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive ? ProgressMode.Rich : ProgressMode.Plain;
    }

    public static string StepSummary(StepEvent s) => string.Create(CultureInfo.InvariantCulture,
        $"step {s.Step}/{s.MaxSteps}  loss {s.Loss:F4}  lr {s.LearningRate:0.00e+00}  {s.TokensPerSecond:N0} tok/s  ETA {FormatEta(s.Eta)}");

    /// <summary>The plain-text line for an event (null for events with nothing to say).</summary>
    public static string? Describe(TrainerEvent e) => e switch
    {
        StepEvent s => StepSummary(s) + string.Create(CultureInfo.InvariantCulture, $"  grad_norm {s.GradNorm:F3}"),
        EvalEvent v => string.Create(CultureInfo.InvariantCulture,
            $"eval @ {v.Step}: loss {(v.Loss is double l ? l.ToString("F4", CultureInfo.InvariantCulture) : "-")}  accuracy {(v.Accuracy is double a ? a.ToString("P1", CultureInfo.InvariantCulture) : "-")}{(v.IsBest ? "  (best so far)" : "")}"),
        CheckpointEvent c => $"checkpoint ({c.Reason}) @ {c.Step}: {c.Path}",
        MessageEvent m => m.Text,
        _ => null,
    };

    static string FormatEta(TimeSpan? eta) => eta is not TimeSpan t ? "-"
        : t.TotalHours >= 24 ? $"{(int)t.TotalDays}d{t.Hours:00}h" : $"{(int)t.TotalHours:00}:{t.Minutes:00}:{t.Seconds:00}";
}
