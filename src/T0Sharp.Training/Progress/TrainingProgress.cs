using System.Globalization;
using T0Sharp.Training.Loop;
using T0Sharp.Training.Options;

namespace T0Sharp.Training.Progress;

/// <summary>
/// Shows a run's progress: the caller's live display (the CLI's progress bar) on an interactive terminal; one plain
/// line per logged step when output is redirected, in CI, or when no live display is given (auto), or as configured.
/// </summary>
public static class TrainingProgress
{
    /// <summary>Runs <paramref name="run"/> while showing the trainer's events.</summary>
    public static TrainingResult Show(Trainer trainer, ProgressMode mode, Func<TrainingResult> run, TextWriter? plainOut = null,
        IProgressDisplay? rich = null)
    {
        var resolved = Resolve(mode);
        if (resolved == ProgressMode.Rich && rich is null) resolved = ProgressMode.Plain;
        if (resolved == ProgressMode.None) return run();
        if (resolved == ProgressMode.Plain)
        {
            var w = plainOut ?? Console.Out;
            void OnPlain(TrainerEvent e) { var line = Describe(e); if (line != null) { w.WriteLine(line); w.Flush(); } }
            trainer.Event += OnPlain;
            try { return run(); }
            finally { trainer.Event -= OnPlain; }
        }
        return rich!.Show(trainer, run);
    }

    /// <summary>auto → rich on an interactive terminal, plain when output is redirected or CI is set.</summary>
    public static ProgressMode Resolve(ProgressMode mode)
    {
        if (mode != ProgressMode.Auto) return mode;
        var ci = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));
        return !ci && !Console.IsOutputRedirected && !Console.IsInputRedirected ? ProgressMode.Rich : ProgressMode.Plain;
    }

    public static string StepSummary(StepEvent s) => string.Join("  ", StepFields(s));

    /// <summary>
    /// The step summary's fields, most important first (step, loss, learning rate, tokens/s, ETA): a narrow display
    /// keeps a prefix of them rather than wrapping.
    /// </summary>
    public static IReadOnlyList<string> StepFields(StepEvent s) =>
    [
        string.Create(CultureInfo.InvariantCulture, $"step {s.Step}/{s.MaxSteps}"),
        string.Create(CultureInfo.InvariantCulture, $"loss {s.Loss:F4}"),
        string.Create(CultureInfo.InvariantCulture, $"lr {s.LearningRate:0.00e+00}"),
        string.Create(CultureInfo.InvariantCulture, $"{s.TokensPerSecond:N0} tok/s"),
        $"ETA {FormatEta(s.Eta)}",
    ];

    /// <summary>As many leading fields of <see cref="StepFields"/> as fit in <paramref name="width"/> columns (at least the step).</summary>
    public static string StepSummary(StepEvent s, int width)
    {
        var fields = StepFields(s);
        var text = fields[0];
        foreach (var f in fields.Skip(1))
        {
            if (text.Length + 2 + f.Length > width) break;
            text += "  " + f;
        }
        return text.Length <= width ? text : text[..Math.Max(0, width)];
    }

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
