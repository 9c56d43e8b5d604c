using System.Diagnostics;
using T0Sharp.Core;
using T0Sharp.Data.Features;
using T0Sharp.Data.Mixtures;
using T0Sharp.Data.Sources;
using T0Sharp.Data.Tasks;
using T0Sharp.Data.Tokenization;

namespace T0Sharp.Benchmarks;

/// <summary>
/// <c>t0sharp bench data [--tokenizer PATH] [--examples N] [--threads N] [--rows N] [--model-rows N] [--no-model]</c>: end-to-end
/// examples/s of read → render → tokenize → pack (T0 lengths 1024/256) over the bundled datasets (the T0 training
/// mixture's locally available datasets, on their validation/test splits), one thread and parallel, compared with
/// what a t5-small training step (forward + backward + AdamW, measured here on the same packed batches) consumes.
/// Target: the pipeline at least 50x faster than the step consumes.
/// </summary>
public sealed class DataPipelineBenchmark : IBenchmark
{
    public string Name => "data";
    public string Description => "Data pipeline examples/s (render, tokenize, pack) vs a t5-small training step's consumption (target >= 50x)";

    public int Run(IReadOnlyList<string> args, TextWriter output)
    {
        string? Arg(string name) { int i = args.ToList().IndexOf(name); return i >= 0 && i + 1 < args.Count ? args[i + 1] : null; }
        int examples = int.Parse(Arg("--examples") ?? "20000");
        int threads = int.Parse(Arg("--threads") ?? Environment.ProcessorCount.ToString());
        int rows = int.Parse(Arg("--rows") ?? "4");
        int modelRows = int.Parse(Arg("--model-rows") ?? "1");
        var tokPath = Arg("--tokenizer") ?? Environment.GetEnvironmentVariable("T0SHARP_TOKENIZER")
            ?? BuiltInAssets.T5Tokenizer;
        if (!File.Exists(tokPath) && !Directory.Exists(tokPath))
        {
            output.WriteLine($"error: tokenizer '{tokPath}' not found: pass --tokenizer PATH (a T5 spiece.model) or set T0SHARP_TOKENIZER");
            return 2;
        }
        var tokenizer = TokenizerLoader.Load(tokPath);
        var data = new DatasetDirectory(BuiltInAssets.Datasets);
        var catalog = new MixtureCatalog(data, PromptCollectionProvider.Load(null), new MixtureBuildOptions { SplitFallbacks = ["validation", "test"] });
        var mixture = catalog.Resolve(T0Mixtures.T0Train);
        output.WriteLine($"mixture {mixture.Name}: {mixture.Components.Count} tasks from {mixture.Components.Select(c => c.Task.DatasetKey).Distinct().Count()} bundled datasets; tokenizer {tokPath}");
        output.WriteLine($"machine: {Environment.ProcessorCount} logical cores; {examples:N0} examples per run");

        Measure(mixture, data, tokenizer, 1, Math.Min(2000, examples), rows, out _);   // warm-up (JIT, file cache)
        var single = Measure(mixture, data, tokenizer, 1, examples, rows, out var batches);
        Report(output, "1 thread", single);
        var parallel = Measure(mixture, data, tokenizer, threads, examples, rows, out _);
        Report(output, $"{threads} threads", parallel);

        output.WriteLine($"packing: {single.Batches} batches of {rows} rows x 1024/256, {single.Examples / (double)(single.Batches * rows):0.00} examples per row, " +
            $"encoder fill {single.InputTokens / (double)(single.Batches * rows * 1024):P1}, decoder fill {single.TargetTokens / (double)(single.Batches * rows * 256):P1}");
        if (args.Contains("--no-model"))
        {
            output.WriteLine("model step skipped (--no-model). Ratio = pipeline examples/s / (examples per batch / t5-small step seconds).");
            return 0;
        }
        // The step is timed on batches of --model-rows rows (a t5-small step on CPU is slow); consumption scales per example.
        Measure(mixture, data, tokenizer, 1, 200, modelRows, out var stepBatches);
        var step = ModelStepProbe.T5SmallStep(stepBatches.Take(2).ToList(), output);
        double perBatch = stepBatches.Take(2).Average(b => (double)b.ExampleCount);
        double consumed = perBatch / step;
        output.WriteLine($"t5-small train step (fwd+bwd+AdamW, {modelRows} row(s) x 1024/256, {perBatch:0.0} examples): {step:0.000} s → consumes {consumed:N2} examples/s");
        output.WriteLine($"ratio: 1 thread {single.ExamplesPerSecond / consumed:N0}x, {threads} threads {parallel.ExamplesPerSecond / consumed:N0}x (target >= 50x)");
        return 0;
    }

    sealed record Result(int Examples, long InputTokens, long TargetTokens, int Batches, double Seconds)
    {
        public double ExamplesPerSecond => Examples / Seconds;
    }

    static Result Measure(Mixture mixture, DatasetDirectory data, ITokenizer tokenizer, int threads, int examples, int rows, out List<EncDecBatch> firstBatches)
    {
        var sw = Stopwatch.StartNew();
        using var stream = new MixtureStream(mixture, data, seed: 1);
        var pipeline = new ExamplePipeline(stream, tokenizer, new PipelineOptions(threads, ChunkSize: 512));
        long inTok = 0, tgTok = 0;
        int batchCount = 0;
        firstBatches = [];
        var tokens = pipeline.Examples().Take(examples).Select(i => { inTok += i.Tokens!.Inputs.Length; tgTok += i.Tokens.Targets.Length; return i.Tokens; });
        foreach (var b in FeatureConverters.EncoderDecoder(tokens, FeatureConverterOptions.T0, rows))
        {
            batchCount++;
            if (firstBatches.Count < 3) firstBatches.Add(b);
        }
        return new Result(examples, inTok, tgTok, batchCount, sw.Elapsed.TotalSeconds);
    }

    static void Report(TextWriter o, string label, Result r) =>
        o.WriteLine($"{label,-10}: {r.ExamplesPerSecond,10:N0} examples/s, {(r.InputTokens + r.TargetTokens) / r.Seconds,12:N0} tokens/s " +
            $"({r.Examples:N0} examples, {r.InputTokens:N0}+{r.TargetTokens:N0} tokens, {r.Seconds:0.00} s)");
}
