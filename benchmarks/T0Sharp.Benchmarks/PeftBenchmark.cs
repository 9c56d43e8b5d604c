using System.Diagnostics;
using System.Globalization;
using T0Sharp.Models;
using T0Sharp.Peft;
using T0Sharp.Training.Optim;
using TorchSharp;
using static TorchSharp.torch;

namespace T0Sharp.Benchmarks;

/// <summary>
/// <c>t0sharp bench peft [--batch 4] [--inputs 256] [--targets 64] [--rounds 3] [--threads N]</c>: one training step
/// (forward, backward, AdamW update) of a t5-small-shaped model (T5Config.Small, fp32, CPU) with full finetuning, LoRA
/// (PEFT's defaults: r 8 on q, v), (IA)^3 (PEFT's t5 defaults: k, v, wo), prompt tuning (20 virtual tokens), Compacter and
/// Compacter++ (the paper's settings) and bottleneck adapters (Houlsby and Pfeiffer placements, reduction 16), side by
/// side: trainable parameters, optimizer-state bytes (read from the optimizer), step time (rounds alternate the methods
/// so machine load affects all alike; medians), and peak resident memory (each method in a child process of its own,
/// peak RSS from /proc/self/status). Frozen base tensors have requires_grad false, so no weight gradients are computed
/// for them. Targets: LoRA and (IA)^3 steps at least 1.3x faster than full finetuning; their optimizer state under 1%
/// of full finetuning's. The reference is full finetuning measured in the same run.
/// </summary>
public sealed class PeftBenchmark : IBenchmark
{
    public string Name => "peft";
    public string Description => "t5-small step: full finetuning vs LoRA, (IA)^3, prompt tuning, Compacter(++), bottleneck adapters (trainable params, optimizer state, step time, peak memory)";

    static readonly (string Name, Dictionary<string, object?>? Peft)[] Methods =
    [
        ("full", null),
        ("lora", new() { ["peft_type"] = "LORA", ["r"] = 8, ["lora_alpha"] = 16 }),
        ("ia3", new() { ["peft_type"] = "IA3" }),
        ("prompt", new() { ["peft_type"] = "PROMPT_TUNING", ["num_virtual_tokens"] = 20 }),
        ("compacter", new() { ["preset"] = "compacter" }),      // the paper's: n 4, rank 1, reduction 32, after attention and feed-forward
        ("compacter++", new() { ["preset"] = "compacter++" }),  // feed-forward only
        ("houlsby", new() { ["preset"] = "houlsby" }),          // bottleneck, reduction 16, after attention and feed-forward
        ("pfeiffer", new() { ["preset"] = "pfeiffer" }),        // bottleneck, reduction 16, feed-forward only
    ];

    sealed record Options(int Batch, int Inputs, int Targets, int Rounds, int Threads, string? MemoryOf);

    public int Run(IReadOnlyList<string> args, TextWriter output)
    {
        var o = Parse(args);
        torch.set_num_threads(o.Threads);
        if (o.MemoryOf is { } only) return MeasureMemory(o, only, output);
        output.WriteLine($"bench peft: t5-small shape (T5Config.Small, fp32), batch {o.Batch}, inputs {o.Inputs}, targets {o.Targets}, " +
            $"{o.Rounds} rounds alternating the methods (+1 warm-up each), {o.Threads} torch threads, AdamW");
        var runs = Methods.Select(m => new MethodRun(m.Name, m.Peft)).ToList();
        try
        {
            foreach (var r in runs) r.Step(o); // warm-up: the optimizer allocates its state on the first step
            for (var round = 0; round < o.Rounds; round++)
                foreach (var r in runs) r.Timed(o);
            var memory = Methods.ToDictionary(m => m.Name, m => ChildPeak(o, m.Name));
            var full = runs[0];
            output.WriteLine();
            output.WriteLine($"{"method",-11} {"trainable",12} {"% of model",10} {"optim state",12} {"% of full",9} {"step s (med)",12} {"CPU-s/step",10} {"speed-up",8} {"peak RSS MiB",12}");
            foreach (var r in runs)
            {
                var mem = memory[r.Name] is { } m ? m.ToString("F0", CultureInfo.InvariantCulture) : "n/a";
                output.WriteLine($"{r.Name,-11} {r.Trainable,12:N0} {100.0 * r.Trainable / r.Total,9:F3}% {r.StateBytes / 1048576.0,9:F2} MiB {100.0 * r.StateBytes / full.StateBytes,8:F3}% " +
                    $"{r.Median,12:F3} {r.CpuMedian,10:F2} {full.Median / r.Median,7:F2}x {mem,12}");
            }
            output.WriteLine();
            foreach (var r in runs.Where(r => r.Name is "lora" or "ia3"))
                output.WriteLine($"{r.Name}: step {full.Median / r.Median:F2}x faster than full finetuning (target >= 1.3x: {(full.Median / r.Median >= 1.3 ? "met" : "NOT met")}), " +
                    $"optimizer state {100.0 * r.StateBytes / full.StateBytes:F3}% of full (target < 1%: {(r.StateBytes < 0.01 * full.StateBytes ? "met" : "NOT met")})");
            output.WriteLine("reference: full finetuning of the same model, measured in the same run; timings on a shared machine vary, " +
                "the CPU-s column is less sensitive to other load");
            return 0;
        }
        finally
        {
            foreach (var r in runs) r.Dispose();
        }
    }

    /// <summary>One method's model, adapter and optimizer, and its step timings.</summary>
    sealed class MethodRun : IDisposable
    {
        readonly ILanguageModel _model;
        readonly PeftModel? _peft;
        readonly Training.Optim.AdamW _optimizer;
        readonly List<double> _wall = [], _cpu = [];

        public MethodRun(string name, Dictionary<string, object?>? peft)
        {
            Name = name;
            _model = PretrainedModel.Create(T5Config.Small, seed: 0);
            _model.Module.train();
            if (peft is not null) _peft = PeftSetup.Apply(_model, PeftSetup.ParseConfig(peft, "bench " + name));
            var trainable = _peft?.TrainableParameters ?? _model.Module.named_parameters().Select(p => (p.name, p.parameter)).ToList();
            _optimizer = new Training.Optim.AdamW(trainable, weightDecay: 0.0);
            Trainable = trainable.Sum(p => p.Item2.numel());
            Total = _model.Module.parameters().Sum(p => p.numel());
        }

        public string Name { get; }
        public long Trainable { get; }
        public long Total { get; }
        public double Median => Med(_wall);
        public double CpuMedian => Med(_cpu);

        /// <summary>Bytes of every optimizer state tensor (after the first step), "steps" counter excluded.</summary>
        public long StateBytes => _optimizer.StateDict().Where(kv => kv.Key != "steps").Sum(kv => kv.Value.numel() * kv.Value.element_size());

        public void Step(Options o)
        {
            using var scope = NewDisposeScope();
            using var gen = new torch.Generator(1);
            var inputs = randint(2, T5Config.Small.VocabSize, [o.Batch, o.Inputs], generator: gen);
            var labels = randint(2, T5Config.Small.VocabSize, [o.Batch, o.Targets], generator: gen);
            var decoderInputs = cat([zeros(o.Batch, 1, dtype: ScalarType.Int64), labels.narrow(1, 0, o.Targets - 1)], 1);
            _optimizer.ZeroGrad();
            var logits = _model.Logits(new ModelBatch(inputs, decoderInputs));
            var loss = nn.functional.cross_entropy(logits.view(-1, logits.shape[^1]), labels.view(-1));
            loss.backward();
            _optimizer.Step(1e-4);
        }

        public void Timed(Options o)
        {
            var proc = Process.GetCurrentProcess();
            proc.Refresh();
            var cpu0 = proc.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            Step(o);
            sw.Stop();
            proc.Refresh();
            _wall.Add(sw.Elapsed.TotalSeconds);
            _cpu.Add((proc.TotalProcessorTime - cpu0).TotalSeconds);
        }

        static double Med(List<double> v) => v.Count == 0 ? double.NaN : v.Order().ElementAt(v.Count / 2);

        public void Dispose()
        {
            _optimizer.Dispose();
            _peft?.Dispose();
            _model.Dispose();
        }
    }

    /// <summary>Child mode: build one method, run two steps, print the process's peak resident set size.</summary>
    static int MeasureMemory(Options o, string name, TextWriter output)
    {
        var method = Methods.FirstOrDefault(m => m.Name == name);
        if (method.Name is null) throw new ArgumentException($"--memory-of {name}: use {string.Join(", ", Methods.Select(m => m.Name))}");
        using var run = new MethodRun(method.Name, method.Peft);
        run.Step(o);
        run.Step(o);
        output.WriteLine($"peak_rss_mib={PeakRssMiB()?.ToString("F1", CultureInfo.InvariantCulture) ?? "n/a"}");
        return 0;
    }

    /// <summary>Runs this benchmark for one method in a child process and reads its peak RSS, or null when that is not possible.</summary>
    static double? ChildPeak(Options o, string method)
    {
        var exe = Environment.ProcessPath;
        if (exe is null || !OperatingSystem.IsLinux()) return null;
        var args = new List<string>();
        if (Path.GetFileNameWithoutExtension(exe) == "dotnet") args.Add(Environment.GetCommandLineArgs()[0]); // dotnet t0sharp.dll
        args.AddRange(["bench", "peft", "--memory-of", method, "--batch", $"{o.Batch}", "--inputs", $"{o.Inputs}", "--targets", $"{o.Targets}", "--threads", $"{o.Threads}"]);
        var start = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        try
        {
            using var child = Process.Start(start)!;
            var text = child.StandardOutput.ReadToEnd();
            child.WaitForExit();
            var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("peak_rss_mib=", StringComparison.Ordinal));
            return line is not null && double.TryParse(line["peak_rss_mib=".Length..], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
        }
        catch (System.ComponentModel.Win32Exception) { return null; }
    }

    static double? PeakRssMiB()
    {
        if (!File.Exists("/proc/self/status")) return null;
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? null : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    static Options Parse(IReadOnlyList<string> args)
    {
        var o = new Options(4, 256, 64, 3, Environment.ProcessorCount, null);
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Int() { var s = Next(); return int.TryParse(s, out var x) && x > 0 ? x : throw new ArgumentException($"{args[i - 1]}: '{s}' is not a positive integer"); }
            o = args[i] switch
            {
                "--batch" => o with { Batch = Int() },
                "--inputs" => o with { Inputs = Int() },
                "--targets" => o with { Targets = Int() },
                "--rounds" => o with { Rounds = Int() },
                "--threads" => o with { Threads = Int() },
                "--memory-of" => o with { MemoryOf = Next() },
                _ => throw new ArgumentException($"unknown option {args[i]} (use --batch, --inputs, --targets, --rounds, --threads)"),
            };
        }
        return o;
    }
}
