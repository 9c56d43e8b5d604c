using System.CommandLine;
using T0Sharp.Cli.Commands.Modular;
using T0Sharp.Evaluation.Running;
using T0Sharp.Modular;

namespace T0Sharp.Cli.Commands;

/// <summary>
/// <c>t0sharp modular list</c> names the registered task-conditioned methods; <c>t0sharp modular compare CONFIG...
/// --out DIR</c> trains each config's method and evaluates the base model and every method on the same suite, printing
/// a table of held-out accuracy (median over prompts), trainable parameters and time per example (docs/modular.md).
/// </summary>
public static class ModularCommand
{
    public static Command Create()
    {
        var cmd = new Command("modular", "Task-conditioned modules (ATTEMPT, SPT, HyperPrompt, ...): list the methods, compare them side by side");
        var list = new Command("list", "The registered modular methods");
        list.SetAction(_ => CommandGuard.Run(() =>
        {
            foreach (var f in ModularRegistry.CreateDefault().All.OrderBy(f => f.Name, StringComparer.Ordinal)) Console.WriteLine($"{f.Name,-14}{f.Summary}");
            return 0;
        }));
        cmd.Subcommands.Add(list);
        cmd.Subcommands.Add(Compare());
        return cmd;
    }

    static Command Compare()
    {
        var configs = new Argument<string[]>("configs") { Description = "Training configs, one method each (e.g. configs/attempt-tiny.yaml configs/spt-tiny.yaml), all on the same model.init_from", Arity = ArgumentArity.OneOrMore };
        var outDir = new Option<string?>("--out") { Description = "Folder for each run's training and evaluation and comparison.md" };
        var suite = new Option<string>("--suite") { Description = "Evaluation suite (as eval --suite)", DefaultValueFactory = _ => "t0" };
        var tasks = new Option<string[]>("--tasks") { Description = "Only these tasks of the suite", AllowMultipleArgumentsPerToken = true };
        var limit = new Option<int?>("--limit") { Description = "At most N examples per dataset" };
        var steps = new Option<int?>("--steps") { Description = "run.max_steps for every config (default: each config's own)" };
        var tokenizer = new Option<string?>("--tokenizer") { Description = "Tokenizer file or folder when the base model folder has none" };
        var data = new Option<string?>("--data") { Description = "Datasets folder (as eval --data)" };
        var templates = new Option<string?>("--templates") { Description = "promptsource templates folder (as eval --templates)" };
        var allTemplates = new Option<bool>("--all-templates") { Description = "Every template, not only original_task ones" };
        var cmd = new Command("compare", "Train each config's method, evaluate the base and every method on one suite, print the comparison table")
        {
            configs, outDir, suite, tasks, limit, steps, tokenizer, data, templates, allTemplates,
        };
        cmd.SetAction(parse => CommandGuard.Run(() =>
        {
            var output = parse.GetValue(outDir) ?? throw new UserError("--out DIR is required");
            if (parse.GetValue(limit) is < 1) throw new UserError("--limit must be at least 1");
            if (parse.GetValue(steps) is < 1) throw new UserError("--steps must be at least 1");
            var paths = parse.GetValue(configs)!;
            foreach (var p in paths) if (!File.Exists(p)) throw new UserError($"{p}: no such config file");
            var request = new ComparisonRequest
            {
                Configs = paths, OutDir = output, Steps = parse.GetValue(steps),
                Eval = new EvalRunRequest
                {
                    ModelDir = "", OutDir = "", Suite = parse.GetValue(suite)!, Tasks = parse.GetValue(tasks) ?? [], TokenizerPath = parse.GetValue(tokenizer),
                    DataDir = parse.GetValue(data), TemplatesDir = parse.GetValue(templates), AllTemplates = parse.GetValue(allTemplates),
                    Options = new EvaluatorOptions { Limit = parse.GetValue(limit) },
                },
            };
            var rows = MethodComparison.Run(request, m => Console.Error.WriteLine(m));
            Console.WriteLine(MethodComparison.Table(rows));
            Console.WriteLine($"written to {Path.Combine(output, "comparison.md")}");
            return 0;
        }));
        return cmd;
    }
}
