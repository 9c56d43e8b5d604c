using System.CommandLine;
using T0Sharp.Demo;

namespace T0Sharp.Cli.Commands;

/// <summary>
/// <c>t0sharp demo [--quick] [--out DIR] [--seed N] [--threads N] [--conditions a,b] [--pretrain-steps N] [--steps N] [--items N] [--runs N] [--jobs N] [--reuse-pretrained]</c>:
/// the T0 effect in miniature on built-in defaults: a synthetic world's text, prefix-LM pretraining of a small T5,
/// multitask prompted training on some task types, zero-shot evaluation on held-out task types, and an HTML report.
/// </summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var quick = new Option<bool>("--quick") { Description = "About 2 minutes instead of about 5 (fewer steps and items; 1 and 6 training task types, not 3)" };
        var output = new Option<string>("--out") { Description = "Output folder", DefaultValueFactory = _ => Path.Combine("runs", "demo") };
        var seed = new Option<long>("--seed") { Description = "Seed for the world, data, initialisation and order", DefaultValueFactory = _ => 0 };
        var threads = new Option<int>("--threads") { Description = "Torch threads (0 = one per core)", DefaultValueFactory = _ => 0 };
        var conditions = new Option<string?>("--conditions") { Description = "Comma-separated subset of the conditions to run (default: all)" };
        var pretrainSteps = new Option<int?>("--pretrain-steps") { Description = "Override the pretraining steps" };
        var steps = new Option<int?>("--steps") { Description = "Override the multitask steps of every condition" };
        var items = new Option<int?>("--items") { Description = "Override the evaluation items per held-out task type" };
        var runs = new Option<int?>("--runs") { Description = "Training runs per trained condition, averaged item by item (default 1; each adds about a minute per condition)" };
        var jobs = new Option<int?>("--jobs") { Description = "Training runs at once, each a worker process (default: one per core; 1 = all in this process)" };
        var job = new Option<string?>("--job") { Description = "Run one demo job from its spec file (how the demo starts its workers)", Hidden = true };
        var reuse = new Option<bool>("--reuse-pretrained") { Description = "Reuse the pretrained checkpoint of an earlier run into the same --out (same settings only)" };
        var cmd = new Command("demo", "Show the T0 effect in miniature on a CPU: pretrain on a synthetic world, train on some task types, evaluate zero-shot on others, write a report")
        {
            quick, output, seed, threads, conditions, pretrainSteps, steps, items, runs, jobs, job, reuse,
        };
        cmd.SetAction(parse => CommandGuard.Run(() =>
        {
            if (parse.GetValue(job) is { } spec)
            {
                if (!File.Exists(spec)) throw new FileNotFoundException($"--job: {spec} not found", spec);
                DemoJobs.RunWorker(spec);
                return 0;
            }
            var o = (parse.GetValue(quick) ? DemoOptions.QuickMode : DemoOptions.Default) with
            {
                OutputDir = parse.GetValue(output)!, Seed = parse.GetValue(seed), Threads = parse.GetValue(threads),
                ReusePretrained = parse.GetValue(reuse),
            };
            if (parse.GetValue(conditions) is { } list)
            {
                var names = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var known = DemoConditions.All(o).Select(c => c.Name).ToList();
                if (names.FirstOrDefault(n => !known.Contains(n)) is { } bad)
                {
                    Console.Error.WriteLine($"error: --conditions: unknown condition '{bad}'; known: {string.Join(", ", known)}");
                    return 2;
                }
                o = o with { Conditions = names };
            }
            foreach (var (name, value) in new[] { ("--pretrain-steps", parse.GetValue(pretrainSteps)), ("--steps", parse.GetValue(steps)), ("--items", parse.GetValue(items)), ("--runs", parse.GetValue(runs)), ("--jobs", parse.GetValue(jobs)) })
                if (value is <= 0)
                {
                    Console.Error.WriteLine($"error: {name} must be a positive integer (got {value})");
                    return 2;
                }
            o = o with
            {
                PretrainSteps = parse.GetValue(pretrainSteps) ?? o.PretrainSteps, Steps = parse.GetValue(steps) ?? o.Steps,
                HeldOutItemsPerTask = parse.GetValue(items) ?? o.HeldOutItemsPerTask, Runs = parse.GetValue(runs) ?? o.Runs,
                Jobs = parse.GetValue(jobs) ?? o.Jobs,
            };
            using var cts = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
            DemoResults results;
            try { results = DemoRunner.Run(o, cts.Token, new T0Sharp.Cli.Terminal.ConsoleTrainingProgress(), T0Sharp.Cli.Terminal.ConsoleEvalProgress.Instance, new DemoJobProcess()); }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine("error: interrupted");
                return 130;
            }
            Console.WriteLine();
            foreach (var line in DemoReport.Findings(results)) Console.WriteLine("- " + line);
            Console.WriteLine($"\nreport: {Path.Combine(Path.GetFullPath(o.OutputDir), "report.html")} ({results.Seconds:F0} s)");
            return 0;
        }));
        return cmd;
    }
}
