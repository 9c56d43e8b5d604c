using System.CommandLine;
using T0Sharp.Distributed;
using T0Sharp.Evaluation.Reports;
using T0Sharp.Evaluation.Running;
using T0Sharp.Evaluation.Scoring;


namespace T0Sharp.Cli.Commands;

/// <summary>
/// <c>t0sharp eval --model DIR [--suite NAME | --tasks ...] [--scoring sum|mean|char] [--limit N] [--batch-size B] --out DIR</c>
/// runs a zero-shot evaluation (resumable: re-run the same command after an interruption);
/// <c>t0sharp eval --compare RUN1 RUN2 ... --out DIR</c> compares finished runs. Under mpiexec/srun the processes
/// share the examples and rank 0 writes the run folder and prints; errors of the other ranks carry their rank.
/// <c>--adapter DIR</c> evaluates the base model with a PEFT adapter (Poly: <c>--task-id</c>, <c>--task</c> or
/// <c>--average-skills</c> for the whole run); the run's model name then reads "BASE + ADAPTER (method)", so
/// <c>--compare</c> shows base and adapted runs side by side.
/// </summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var model = new Option<string?>("--model") { Description = "Model folder (Hugging Face layout: config.json + weights [+ tokenizer])" };
        var suite = new Option<string>("--suite") { Description = "t0 (default), xnli, xcopa, xwinograd, multilingual, or a suite .yaml file", DefaultValueFactory = _ => "t0" };
        var tasks = new Option<string[]>("--tasks") { Description = "Only these tasks of the suite (e.g. cb rte anli_r1), or dataset ids like super_glue/boolq", AllowMultipleArgumentsPerToken = true };
        var scoring = new Option<string>("--scoring") { Description = "Score the report leads with: sum (T0), mean (T-Few), char (lm-eval acc_norm); all three are computed. flipped (Flipped Learning: argmax over labels of P(instruction | input, label)) adds one model pass per choice and is computed only when chosen", DefaultValueFactory = _ => "sum" };
        var limit = new Option<int?>("--limit") { Description = "Evaluate at most N examples per dataset" };
        var batch = new Option<int>("--batch-size") { Description = "Examples per scoring call (each with all its choices; inputs of similar length share an encoder batch, at most 64 choices per decoder batch)", DefaultValueFactory = _ => 32 };
        var outDir = new Option<string?>("--out") { Description = "Run folder (results.json, examples.jsonl, templates.csv, summary.md, report.html)" };
        var templates = new Option<string?>("--templates") { Description = "promptsource templates folder (default: bundled assets/promptsource/templates)" };
        var data = new Option<string?>("--data") { Description = "Datasets folder <dataset>/<subset>/<split>.jsonl (default: bundled assets/datasets)" };
        var tokenizer = new Option<string?>("--tokenizer") { Description = "Tokenizer file or folder when the model folder has none" };
        var device = new Option<string>("--device") { Description = "cpu (default), cuda or cuda:N (needs a TorchSharp-cuda build)", DefaultValueFactory = _ => "cpu" };
        var dtype = new Option<string>("--dtype") { Description = "Compute dtype: float32 (default), bfloat16, float16 (BLOOM only)", DefaultValueFactory = _ => "float32" };
        var threads = new Option<int>("--threads") { Description = "Torch intra-op threads (0: torch's default; under mpiexec the cores are shared among the processes)" };
        var allTemplates = new Option<bool>("--all-templates") { Description = "Use every template, not only original_task: true ones" };
        var maxInput = new Option<int>("--max-input-tokens") { Description = "Truncate inputs to this many tokens", DefaultValueFactory = _ => 1024 };
        var beams = new Option<int>("--num-beams") { Description = "Beam size for generative templates (1 = greedy)", DefaultValueFactory = _ => 1 };
        var eosConvention = new Option<string?>("--eos-convention") { Description = "Where EOS goes on inputs and choices: t-zero (inputs without, choices with; default for T0/T0+/T0++/mT0), t-few (both; default for Flan-T5), lm-eval (context as the tokenizer does, continuation without; default for BLOOM/BLOOMZ)" };
        var compare = new Option<string[]>("--compare") { Description = "Compare finished run folders instead of evaluating", AllowMultipleArgumentsPerToken = true };
        var report = new Option<string?>("--report") { Description = "Rebuild templates.csv, summary.md and report.html of a finished run folder from its results.json" };
        var adapter = new AdapterOptions();
        var cmd = new Command("eval", "Zero-shot evaluation: rank classification over answer choices, medians over prompts, reports with plots")
        {
            model, suite, tasks, scoring, limit, batch, outDir, templates, data, tokenizer, device, dtype, threads, allTemplates, maxInput, beams, eosConvention, compare, report,
        };
        adapter.AddTo(cmd);
        cmd.SetAction(parse => CommandGuard.Run(() =>
        {
            var rank = CommandGuard.DetectLaunch().Rank;
            if (rank > 0)
            {
                CommandGuard.Prefix = $"[rank {rank}] ";
                Console.SetOut(TextWriter.Null); // rank 0 speaks for the run
            }
            {
                if (parse.GetValue(report) is { } reportDir)
                {
                    ReportWriter.WriteAll(T0Sharp.Evaluation.Results.RunResults.Load(reportDir), reportDir);
                    Console.WriteLine($"report rebuilt: {Path.Combine(reportDir, "report.html")}");
                    return 0;
                }
                var runs = parse.GetValue(compare) ?? [];
                var output = parse.GetValue(outDir);
                if (runs.Length > 0)
                {
                    var cmpOut = output ?? "comparison";
                    ComparisonReport.Write(runs, cmpOut);
                    Console.WriteLine($"comparison of {runs.Length} runs written to {Path.Combine(cmpOut, "comparison.html")}");
                    return 0;
                }
                var modelDir = parse.GetValue(model);
                if (string.IsNullOrEmpty(modelDir) || string.IsNullOrEmpty(output))
                    throw new UserError("--model DIR and --out DIR are required (or --compare RUN1 RUN2 ... --out DIR)");
                Positive(parse.GetValue(limit), "--limit");
                Positive(parse.GetValue(batch), "--batch-size");
                Positive(parse.GetValue(maxInput), "--max-input-tokens");
                Positive(parse.GetValue(beams), "--num-beams");
                if (parse.GetValue(threads) < 0) throw new UserError($"--threads {parse.GetValue(threads)}: must be 0 (torch's default) or more");
                T0Sharp.Models.ComputeSettings.ParseDevice(parse.GetValue(device)!); // fail before loading anything
                T0Sharp.Models.ComputeSettings.ParseDtype(parse.GetValue(dtype)!);
                var request = new EvalRunRequest
                {
                    ModelDir = modelDir, OutDir = output, Suite = parse.GetValue(suite)!, Tasks = parse.GetValue(tasks) ?? [],
                    TemplatesDir = parse.GetValue(templates), DataDir = parse.GetValue(data), TokenizerPath = parse.GetValue(tokenizer),
                    Device = parse.GetValue(device)!, Dtype = parse.GetValue(dtype)!, Threads = parse.GetValue(threads), AllTemplates = parse.GetValue(allTemplates),
                    Eos = parse.GetValue(eosConvention) is not { } eosName ? null
                        : T0Sharp.Data.Features.EosConvention.TryParse(eosName, out var eosValue) ? eosValue
                        : throw new ArgumentException($"--eos-convention '{eosName}': use t-zero, t-few or lm-eval"),
                    Options = new EvaluatorOptions
                    {
                        Primary = ScoringMethods.Parse(parse.GetValue(scoring)!), Limit = parse.GetValue(limit),
                        BatchSize = parse.GetValue(batch), MaxInputTokens = parse.GetValue(maxInput),
                        Generation = new GenerationOptions(NumBeams: parse.GetValue(beams)),
                    },
                    Adapter = parse.GetValue(adapter.Adapter) is null && parse.GetValue(adapter.TaskId) is null && parse.GetValue(adapter.Task) is null
                        && !parse.GetValue(adapter.AverageSkills) ? null : (lm, tok) =>
                    {
                        var attached = adapter.Attach(parse, lm, t => tok.Encode(t));
                        if (attached.Peft is { Config: Peft.Config.PolyConfig } peft && attached.Routing is null && !peft.AverageSkills)
                            throw new ArgumentException("--adapter is a Poly adapter: evaluation routes every example as one task; give --task-id N, --task NAME or --average-skills");
                        return new EvalAdapter(AdapterOptions.Label(parse, adapter, attached), attached.Routing, attached)
                        {
                            // a modular method: each prompt's own task id and instruction, unless --task/--task-id fixes them
                            PerPrompt = attached.Modular is { } m && attached.Routing is null ? new ModularPromptConditioning(m) : null,
                        };
                    },
                };
                using var cts = new CancellationTokenSource();
                ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cts.Cancel(); };
                Console.CancelKeyPress += onCancel;
                try
                {
                    var results = T0Sharp.Cli.Terminal.ConsoleEvalProgress.Instance.Run(p => EvalRun.Execute(request, p, cts.Token));
                    if (rank == 0)
                    {
                        Console.WriteLine();
                        Console.WriteLine(File.ReadAllText(Path.Combine(output, "summary.md")));
                        Console.WriteLine($"report: {Path.Combine(output, "report.html")}");
                    }
                    return results.Datasets.Count > 0 ? 0 : 1;
                }
                finally { Console.CancelKeyPress -= onCancel; }
            }
        }, interrupted: "interrupted: the scored examples are kept; run the same command again to resume"));
        return cmd;
    }

    static void Positive(int? value, string option)
    {
        if (value is < 1) throw new UserError($"{option} {value}: must be at least 1");
    }
}
