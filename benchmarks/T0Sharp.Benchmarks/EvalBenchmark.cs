using System.Diagnostics;
using System.Globalization;
using T0Sharp.Core;
using T0Sharp.Data.Tokenization;
using T0Sharp.Evaluation.Results;
using T0Sharp.Evaluation.Running;
using T0Sharp.Evaluation.Suites;
using T0Sharp.Models;

namespace T0Sharp.Benchmarks;

/// <summary>
/// <c>t0sharp bench eval [--model DIR] [--tokenizer PATH] [--examples N] [--batch-size B] [--encoder-tokens N] [--datasets cb,rte,...]</c>:
/// rank-classification throughput (examples/s) with input reuse (encoder once per example, all choices in one
/// decoder batch) against the naive approach (input re-encoded for every choice), same model, same rendered data,
/// per dataset; asserts both give identical predictions under all three scorings. Beside the measured ratio it prints
/// the ideal one from matmul FLOPs (<see cref="RankClassificationFlops"/>: encoder and cross-attention keys/values once
/// per input vs once per choice) and the reuse path's achieved GFLOP/s against this machine's fp32 matmul peak measured
/// in the same run. Targets: measured ≥ 90% of ideal, reuse path ≥ 40% of the matmul peak. Default model:
/// t5-small-shaped random weights (60M parameters), so the ratio reflects a real encoder/decoder cost balance.
/// </summary>
public sealed class EvalBenchmark : IBenchmark
{
    public string Name => "eval";
    public string Description => "Rank-classification examples/s: input reuse vs naive re-encoding per choice (CB, RTE, COPA, HellaSwag)";

    public int Run(IReadOnlyList<string> args, TextWriter output)
    {
        var opts = Args.Parse(args);
        var tokPath = opts.Get("tokenizer") ?? DefaultTokenizer();
        if (tokPath == null)
        {
            output.WriteLine("error: no T5 tokenizer found; pass --tokenizer PATH (spiece.model or tokenizer.json)");
            return 2;
        }
        var tokenizer = TokenizerLoader.Load(tokPath);
        var examples = opts.Int("examples") ?? 8;
        var batch = opts.Int("batch-size") ?? 32;
        var only = opts.Get("datasets")?.Split(',');
        var encoderTokens = opts.Int("encoder-tokens");
        var modelDir = opts.Get("model");
        var load = Stopwatch.StartNew();
        using var lm = modelDir != null ? PretrainedModel.Load(modelDir) : PretrainedModel.Create(T5Config.Small, seed: 0);
        var modelName = modelDir ?? "t5-small-shaped random weights (T5Config.Small, seed 0)";
        output.WriteLine($"model: {modelName} (ready in {load.Elapsed.TotalSeconds:0.0} s); tokenizer: {tokPath}; {examples} examples per dataset, batch size {batch}, encoder positions per batch {(encoderTokens is null ? "device default" : encoderTokens == 0 ? "unlimited" : encoderTokens.ToString())}, CPU threads {TorchSharp.torch.get_num_threads()}");
        var peak = MatmulPeak.Measure();
        output.WriteLine($"fp32 matmul peak (measured now, best of 8 1024³ products): {peak / 1e9:F1} GFLOP/s");
        var flops = lm.Config is T5Config t5c ? new RankClassificationFlops(t5c) : null;
        output.WriteLine();
        output.WriteLine("items = (example, template) pairs scored; ex/s = wall clock; ex/cpu-s = per CPU-second of this process (stable on a busy machine)");
        output.WriteLine("ideal = naive/reuse matmul FLOPs; measured = reuse/naive ex/s; GFLOP/s = the reuse path's useful FLOPs per wall second");
        output.WriteLine($"{"dataset",-10} {"items",5} {"choices",7} {"in tok",6} {"ch tok",6} {"reuse ex/s",10} {"naive ex/s",10} {"ratio",6} {"ideal",6} {"of ideal",8} {"GFLOP/s",8} {"of peak",7} {"cpu ratio",9}  predictions");
        var failed = false;
        using var tmp = new TempFolder();
        foreach (var (key, ds, subset, templates) in EvalBenchmarkTemplates.All)
        {
            if (only != null && !only.Contains(key)) continue;
            var task = new EvalTask { Name = key, Dataset = ds, Subset = subset, Split = "validation" };
            var factory = new PromptedDatasetFactory(templates, BuiltInAssets.Datasets);
            var data = factory.Open(task, examples, out var why);
            if (data == null) { output.WriteLine($"{key,-10} skipped: {why}"); continue; }
            var shape = Shape(data, tokenizer);
            var suite = new EvalSuite("bench", [task]);
            var options = new EvaluatorOptions { BatchSize = batch };
            // warm-up of both paths (JIT, allocator, thread pool), not timed
            foreach (var reuseInput in new[] { true, false })
                new Evaluator(ModelLoader.Wrap(lm, tokenizer, "warm", reuseInput), factory, options with { Limit = Math.Min(Math.Max(2, batch), examples) })
                    .Run(suite, tmp.Sub($"{key}-warm-{reuseInput}"));
            var (reuseRate, reuseCpu, reuse) = Timed(lm, tokenizer, factory, options, suite, tmp.Sub($"{key}-reuse"), reuseInput: true, examples, encoderTokens);
            var (naiveRate, naiveCpu, naive) = Timed(lm, tokenizer, factory, options, suite, tmp.Sub($"{key}-naive"), reuseInput: false, examples, null);
            var (same, maxDiff) = Compare(reuse, naive);
            failed |= !same;
            var (reuseFlops, naiveFlops) = flops is null ? (double.NaN, double.NaN) : Flops(data, tokenizer, flops);
            var ideal = naiveFlops / reuseFlops;
            var measured = reuseRate / naiveRate;
            var gflops = reuseFlops * reuseRate / Math.Max(1, reuse.Count) / 1e9; // useful FLOPs ÷ the reuse run's wall time
            output.WriteLine($"{key,-10} {reuse.Count,5} {shape.Choices,7:0.0} {shape.InputTokens,6:0} {shape.ChoiceTokens,6:0.0} {reuseRate,10:0.000} {naiveRate,10:0.000} {measured,5:0.00}x {ideal,5:0.00}x {measured / ideal,8:P0} {gflops,8:0.0} {gflops * 1e9 / peak,7:P0} {reuseCpu / naiveCpu,8:0.00}x  " +
                             (same ? "identical" : "DIFFERENT") + $" (max |Δ sum log-prob| {maxDiff:0.0e0})");
        }
        output.WriteLine();
        output.WriteLine("reuse = encoder once per example, all choices in one decoder batch; naive = encoder re-run for every choice (t-zero run_eval / lm-eval style).");
        return failed ? 1 : 0;
    }

    static (double Rate, double CpuRate, IReadOnlyList<ExampleRecord> Records) Timed(ILanguageModel lm, ITokenizer tok, IPromptedDatasetFactory factory,
        EvaluatorOptions options, EvalSuite suite, string dir, bool reuseInput, int examples, int? encoderTokens)
    {
        var proc = Process.GetCurrentProcess();
        var cpu0 = proc.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        new Evaluator(ModelLoader.Wrap(lm, tok, reuseInput ? "reuse" : "naive", reuseInput, maxInputTokensPerBatch: encoderTokens), factory, options with { Limit = examples }).Run(suite, dir);
        sw.Stop();
        proc.Refresh();
        var cpu = (proc.TotalProcessorTime - cpu0).TotalSeconds;
        var recs = ResultStore.ReadAll(Path.Combine(dir, "examples.jsonl"));
        return (recs.Count / sw.Elapsed.TotalSeconds, recs.Count / cpu, recs);
    }

    static (bool Same, double MaxDiff) Compare(IReadOnlyList<ExampleRecord> a, IReadOnlyList<ExampleRecord> b)
    {
        var byKey = b.ToDictionary(r => (r.Template, r.Index));
        var same = a.Count == b.Count;
        var maxDiff = 0.0;
        foreach (var r in a)
        {
            if (!byKey.TryGetValue((r.Template, r.Index), out var o)) { same = false; continue; }
            if (r.Kind != o.Kind || (r.Predicted != null && !r.Predicted.OrderBy(p => p.Key).SequenceEqual(o.Predicted!.OrderBy(p => p.Key)))) same = false;
            if (r.LogProbSum != null && o.LogProbSum != null)
                maxDiff = Math.Max(maxDiff, r.LogProbSum.Zip(o.LogProbSum).Max(p => Math.Abs(p.First - p.Second)));
        }
        return (same, maxDiff);
    }

    /// <summary>Useful matmul FLOPs of scoring every (template, example) item with and without input reuse.</summary>
    static (double Reuse, double Naive) Flops(IPromptedDataset data, ITokenizer tok, RankClassificationFlops flops)
    {
        double reuse = 0, naive = 0;
        for (var t = 0; t < data.Templates.Count; t++)
            for (var i = 0; i < data.Count; i++)
            {
                if (data.Render(t, i) is not { Choices: { } choices } p) continue;
                var eos = T0Sharp.Data.Features.EosConvention.TZero;
                var (r, n) = flops.Example(eos.EncodeInput(tok, p.Input).Length, choices.Select(c => eos.EncodeTarget(tok, c).Length).ToList());
                reuse += r;
                naive += n;
            }
        return (reuse, naive);
    }

    static (double Choices, double InputTokens, double ChoiceTokens) Shape(IPromptedDataset data, ITokenizer tok)
    {
        var prompts = Enumerable.Range(0, data.Count).Select(i => data.Render(0, i)).Where(p => p?.Choices != null).ToList();
        if (prompts.Count == 0) return (0, 0, 0);
        return (prompts.Average(p => p!.Choices!.Count),
            prompts.Average(p => T0Sharp.Data.Features.EosConvention.TZero.EncodeInput(tok, p!.Input).Length),   // as the evaluator encodes them (t-zero's default)
            prompts.Average(p => p!.Choices!.Average(c => T0Sharp.Data.Features.EosConvention.TZero.EncodeTarget(tok, c).Length)));
    }

    static string? DefaultTokenizer()
    {
        try
        {
            return File.Exists(BuiltInAssets.T5Tokenizer) ? BuiltInAssets.T5Tokenizer : null;
        }
        catch (DirectoryNotFoundException) { return null; }
    }

    sealed class TempFolder : IDisposable
    {
        readonly string _root = Path.Combine(Path.GetTempPath(), "t0sharp-bench-eval-" + Guid.NewGuid().ToString("N"));
        public string Sub(string name) => Path.Combine(_root, name);
        public void Dispose() { try { Directory.Delete(_root, true); } catch (IOException) { } }
    }

    sealed class Args(Dictionary<string, string> values)
    {
        public string? Get(string key) => values.GetValueOrDefault(key);

        /// <summary>The option's whole-number value, null when absent; a value that is not one names the option.</summary>
        public int? Int(string key) =>
            Get(key) is not { } v ? null
            : int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n
            : throw new ArgumentException($"--{key} '{v}': not a whole number");

        public static Args Parse(IReadOnlyList<string> args)
        {
            var d = new Dictionary<string, string>();
            for (var i = 0; i < args.Count; i++)
            {
                if (!args[i].StartsWith("--")) throw new ArgumentException($"unexpected argument '{args[i]}'");
                var kv = args[i][2..].Split('=', 2);
                d[kv[0]] = kv.Length == 2 ? kv[1] : (i + 1 < args.Count ? args[++i] : throw new ArgumentException($"--{kv[0]} needs a value"));
            }
            return new Args(d);
        }
    }
}
