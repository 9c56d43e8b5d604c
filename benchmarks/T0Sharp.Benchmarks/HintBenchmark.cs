using System.Diagnostics;
using System.Globalization;
using T0Sharp.Models;
using T0Sharp.Modular;
using T0Sharp.Modular.Contract;
using T0Sharp.Modular.Hint;
using TorchSharp;
using static TorchSharp.torch;

namespace T0Sharp.Benchmarks;

/// <summary>
/// <c>t0sharp bench hint [--model DIR] [--instruction-tokens 64] [--input-tokens 48] [--choices 2] [--choice-tokens 3]
/// [--batch 8] [--batches 6] [--adapter-size 64] [--prefix-length 30] [--fusion] [--device cpu]</c>: per-example cost
/// of rank classification with HINT (the instruction's generated parameters cached, inputs without instruction text)
/// against T0-style inputs (instruction + input concatenated), same base model, equal batch: matmul FLOPs
/// (<see cref="HintFlops"/>) and measured wall time, side by side, plus the one-off cost of generating an
/// instruction's parameters. Default model: t5-small-shaped random weights (T5Config.Small, 60M parameters).
/// </summary>
public sealed class HintBenchmark : IBenchmark
{
    public string Name => "hint";
    public string Description => "HINT with a cached instruction vs T0-style instruction+input: FLOPs and measured time per example at equal batch";

    public int Run(IReadOnlyList<string> args, TextWriter output)
    {
        var o = Parse(args);
        int Int(string k, int d) => o.TryGetValue(k, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : d;
        int instructionTokens = Int("instruction-tokens", 64), inputTokens = Int("input-tokens", 48), nChoices = Int("choices", 2),
            choiceTokens = Int("choice-tokens", 3), batch = Int("batch", 8), batches = Int("batches", 6);
        var settings = new HintSettings(Int("adapter-size", 64), Int("prefix-length", 30), o.ContainsKey("fusion"), true);
        var device = torch.device(o.GetValueOrDefault("device") ?? "cpu");
        using var plain = Load(o, device);
        using var hinted = Load(o, device);
        var config = (T5Config)plain.Config;
        var hint = new HintMethod(new ModularContext(hinted, TaskTable.Empty, 0), settings);
        plain.Module.eval();
        hinted.Module.eval();
        var flops = new HintFlops(config, settings, hint.Layout);

        var rng = new Random(1);
        int Token() => rng.Next(3, Math.Min(config.VocabSize, 32000));
        var instruction = Enumerable.Range(0, instructionTokens - 1).Select(_ => Token()).Append(1).ToList();
        var examples = Enumerable.Range(0, (batches + 1) * batch).Select(_ => (
            Input: Enumerable.Range(0, inputTokens - 1).Select(_ => Token()).Append(1).ToList(),
            Choices: Enumerable.Range(0, nChoices).Select(_ => (IReadOnlyList<int>)Enumerable.Range(0, choiceTokens - 1).Select(_ => Token()).Append(1).ToList()).ToList())).ToList();
        var t0Requests = examples.Select(e => new ScoreRequest(instruction.Take(instructionTokens - 1).Concat(e.Input).ToList(), e.Choices)).ToList();
        var hintRequests = examples.Select(e => new ScoreRequest(e.Input, e.Choices, new Models.Adaptation.ExampleConditioning(InstructionIds: instruction))).ToList();

        output.WriteLine($"model: {o.GetValueOrDefault("model") ?? "t5-small-shaped random weights (T5Config.Small, seed 0)"}; device {device}; CPU threads {get_num_threads()}");
        output.WriteLine($"HINT: adapter_size {settings.AdapterSize}, prefix_length {settings.PrefixLength}, fusion {(settings.Fusion ? "on" : "off")}; {hint.Layout.Rows} component embeddings, {hint.Module.parameters().Sum(p => p.numel()):N0} hypernetwork parameters");
        output.WriteLine($"workload: instruction {instructionTokens} tokens, input {inputTokens} tokens, {nChoices} choices of {choiceTokens} tokens; batch {batch}; {batches} timed batches each (alternating) after 1 warm-up");

        using var _ = no_grad();
        var (t0Scorer, hintScorer) = (new SequenceScorer(plain), new SequenceScorer(hinted));
        t0Scorer.ScoreTargets(t0Requests.Take(batch).ToList()); // warm-up
        var fill = Stopwatch.StartNew();
        hintScorer.ScoreTargets(hintRequests.Take(1).ToList()); // fills the cache: the instruction, once
        fill.Stop();
        hintScorer.ScoreTargets(hintRequests.Take(batch).ToList()); // warm-up
        // Batches alternate between the two so that load changes on a shared machine hit both alike.
        var (t0Wall, t0Cpu, hintWall, hintCpu) = (new List<double>(), new List<double>(), new List<double>(), new List<double>());
        for (var i = 1; i <= batches; i++)
        {
            Measure(t0Scorer, t0Requests.Skip(i * batch).Take(batch).ToList(), t0Wall, t0Cpu);
            Measure(hintScorer, hintRequests.Skip(i * batch).Take(batch).ToList(), hintWall, hintCpu);
        }
        double t0Time = Median(t0Wall), hintTime = Median(hintWall);
        if (hint.CachedInstructions != 1) { output.WriteLine($"error: expected one cached instruction, found {hint.CachedInstructions}"); return 1; }

        var lengths = Enumerable.Repeat(choiceTokens, nChoices).ToList();
        double fT0 = flops.T0(instructionTokens - 1, inputTokens, lengths), fHint = flops.Cached(instructionTokens, inputTokens, lengths);
        output.WriteLine();
        output.WriteLine($"{"per example",-34} {"T0 (instruction+input)",24} {"HINT (cached)",16} {"HINT/T0",8}");
        output.WriteLine($"{"matmul GFLOP",-34} {fT0 / 1e9,24:F4} {fHint / 1e9,16:F4} {fHint / fT0,8:F3}");
        output.WriteLine($"{"measured wall ms (median batch / B)",-34} {t0Time * 1e3,24:F2} {hintTime * 1e3,16:F2} {hintTime / t0Time,8:F3}");
        output.WriteLine($"{"measured CPU ms (median batch / B)",-34} {Median(t0Cpu) * 1e3,24:F2} {Median(hintCpu) * 1e3,16:F2} {Median(hintCpu) / Median(t0Cpu),8:F3}");
        output.WriteLine($"{"encoder tokens",-34} {instructionTokens - 1 + inputTokens,24} {inputTokens,16}");
        output.WriteLine();
        output.WriteLine($"once per instruction (cache fill): {flops.InstructionOnce(instructionTokens) / 1e9:F4} GFLOP, measured {fill.Elapsed.TotalMilliseconds:F1} ms (includes scoring one example)");
        var breakEven = flops.InstructionOnce(instructionTokens) / Math.Max(1, fT0 - fHint);
        output.WriteLine(fT0 > fHint ? $"the one-off cost is repaid after {Math.Ceiling(breakEven)} examples of the task (FLOPs)" : "HINT's per-example FLOPs are not below T0's at these sizes");
        return 0;
    }

    static ILanguageModel Load(Dictionary<string, string> o, Device device)
    {
        var model = o.TryGetValue("model", out var dir) ? PretrainedModel.Load(dir, device) : PretrainedModel.Create(T5Config.Small, device, seed: 0);
        if (model.Config is not T5Config) throw new ArgumentException("--model: HINT needs a T5-family model");
        return model;
    }

    /// <summary>Wall and process-CPU seconds per example of scoring one batch.</summary>
    static void Measure(SequenceScorer scorer, IReadOnlyList<ScoreRequest> requests, List<double> wall, List<double> cpu)
    {
        var process = Process.GetCurrentProcess();
        var cpu0 = process.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        scorer.ScoreTargets(requests);
        wall.Add(sw.Elapsed.TotalSeconds / requests.Count);
        process.Refresh();
        cpu.Add((process.TotalProcessorTime - cpu0).TotalSeconds / requests.Count);
    }

    static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    static Dictionary<string, string> Parse(IReadOnlyList<string> args)
    {
        var d = new Dictionary<string, string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"unexpected argument '{args[i]}'");
            var kv = args[i][2..].Split('=', 2);
            if (kv[0] == "fusion") { d["fusion"] = "true"; continue; }
            d[kv[0]] = kv.Length == 2 ? kv[1] : i + 1 < args.Count ? args[++i] : throw new ArgumentException($"--{kv[0]} needs a value");
        }
        return d;
    }
}
