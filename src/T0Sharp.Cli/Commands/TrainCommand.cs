using System.CommandLine;
using System.Runtime.InteropServices;
using T0Sharp.Distributed;
using T0Sharp.Training.Loop;
using T0Sharp.Training.Options;
using T0Sharp.Training.Setup;

namespace T0Sharp.Cli.Commands;

/// <summary>
/// <c>t0sharp train CONFIG.yaml [--section.key=value ...] [--resume [DIR]] [--init-from DIR]</c>.
/// Ctrl-C or SIGTERM finishes the current step, writes a checkpoint and exits with code 130.
/// Exit codes: 0 done, 1 another process of a multi-process run failed, 2 bad configuration or input,
/// 3 diverged (NaN/inf loss), 130 interrupted. Under mpiexec/srun every process runs this command; only rank 0
/// prints to standard output, and errors of the other ranks carry their rank.
/// </summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var config = new Argument<string>("config") { Description = "YAML run configuration (see configs/ and docs/training.md)" };
        var resume = new Option<string?>("--resume")
        {
            Description = "Continue a run: a checkpoint folder, or the newest one under run.output_dir when no folder is given",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var initFrom = new Option<string?>("--init-from") { Description = "Start from a Hugging Face checkpoint folder (same as --model.init_from=DIR)" };
        var cmd = new Command("train", "Multitask prompted finetuning (T0 recipe): YAML config plus --section.key=value overrides")
        {
            config, resume, initFrom,
        };
        cmd.TreatUnmatchedTokensAsErrors = false;
        cmd.SetAction(parse =>
        {
            var overrides = parse.UnmatchedTokens.ToList();
            string? resumeValue = null;
            var resumeGiven = parse.GetResult(resume) is not null;
            if (resumeGiven)
            {
                resumeValue = parse.GetValue(resume) ?? "latest";
                if (resumeValue.StartsWith("--", StringComparison.Ordinal)) { overrides.Add(resumeValue); resumeValue = "latest"; }
            }
            if (parse.GetValue(initFrom) is string dir) overrides.Add("--model.init_from=" + dir);
            return Run(parse.GetValue(config)!, overrides, resumeValue);
        });
        return cmd;
    }

    static int Run(string configPath, List<string> overrides, string? resume) => CommandGuard.Run(() =>
    {
        var launch = CommandGuard.DetectLaunch();
        if (launch.Rank > 0)
        {
            CommandGuard.Prefix = $"[rank {launch.Rank}] ";
            Console.SetOut(TextWriter.Null); // rank 0 speaks for the run
        }
        var options = OptionsLoader.Load(configPath, overrides, note: m => { if (launch.Rank == 0) Console.Error.WriteLine("note: " + m); });
        if (resume is not null)
        {
            // The checkpoint's model and data settings continue the run; the rest may change (ResumeOptions).
            resume = TrainingSession.ResolveResume(options, resume)!;
            options = ResumeOptions.Merge(resume, options, overrides, configPath, out var notes);
            if (launch.Rank == 0)
            {
                Console.Error.WriteLine($"resuming from {resume}" + (notes.Count == 0 ? " with the checkpoint's settings" : "; settings that differ from the checkpoint's:"));
                foreach (var note in notes) Console.Error.WriteLine("  " + note);
            }
        }

        using var cts = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            if (cts.IsCancellationRequested) return; // a second Ctrl-C kills the process
            e.Cancel = true;
            Console.Error.WriteLine("interrupt: finishing the current step and writing a checkpoint (Ctrl-C again to abort without one)");
            cts.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; cts.Cancel(); });
        try
        {
            var result = TrainingSession.Run(options, resume, cts.Token, display: new T0Sharp.Cli.Terminal.ConsoleTrainingProgress());
            Console.WriteLine(result.Outcome == TrainingOutcome.Completed
                ? $"done: {result.Step} steps, last loss {result.LastLoss:F4}, checkpoint {result.LastCheckpoint}"
                : $"stopped at step {result.Step}; resume with: t0sharp train {configPath} --resume {result.LastCheckpoint}");
            return result.Outcome == TrainingOutcome.Completed ? CommandGuard.Success : CommandGuard.Interrupted;
        }
        finally { Console.CancelKeyPress -= onCancel; }
    });
}
