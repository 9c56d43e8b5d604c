using System.CommandLine;
using T0Sharp.Demo;

namespace T0Sharp.Cli.Commands;

/// <summary>
/// <c>t0sharp demo [--quick] [--out DIR] [--seed N] [--threads N]</c>: the whole system in miniature on built-in
/// defaults — synthetic prompted tasks, T0-style mixture, a small T5 trained from scratch, zero-shot evaluation on
/// held-out task types, and an HTML report.
/// </summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var quick = new Option<bool>("--quick") { Description = "About 3 minutes instead of about 10 (fewer steps and examples)" };
        var output = new Option<string>("--out") { Description = "Output folder", DefaultValueFactory = _ => Path.Combine("runs", "demo") };
        var seed = new Option<long>("--seed") { Description = "Seed for data, initialisation and order", DefaultValueFactory = _ => 0 };
        var threads = new Option<int>("--threads") { Description = "Torch threads (0 = one per core)", DefaultValueFactory = _ => 0 };
        var cmd = new Command("demo", "Show the T0 effect in miniature on a CPU: train on some task types, evaluate zero-shot on others, write a report")
        {
            quick, output, seed, threads,
        };
        cmd.SetAction(parse =>
        {
            var o = (parse.GetValue(quick) ? DemoOptions.QuickMode : DemoOptions.Default) with
            {
                OutputDir = parse.GetValue(output)!, Seed = parse.GetValue(seed), Threads = parse.GetValue(threads),
            };
            using var cts = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
            var results = DemoRunner.Run(o, cts.Token, new T0Sharp.Cli.Terminal.ConsoleTrainingProgress(), T0Sharp.Cli.Terminal.ConsoleEvalProgress.Instance);
            Console.WriteLine();
            foreach (var line in DemoReport.Findings(results)) Console.WriteLine("- " + line);
            Console.WriteLine($"\nreport: {Path.Combine(Path.GetFullPath(o.OutputDir), "report.html")} ({results.Seconds:F0} s)");
            return 0;
        });
        return cmd;
    }
}
