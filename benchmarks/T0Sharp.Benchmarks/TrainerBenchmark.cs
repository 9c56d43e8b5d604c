using System.Diagnostics;
using System.Globalization;
using T0Sharp.Models;
using T0Sharp.Training.Data;
using T0Sharp.Training.Loop;
using T0Sharp.Training.Optim;
using T0Sharp.Training.Options;
using static TorchSharp.torch;

namespace T0Sharp.Benchmarks;

/// <summary>
/// <c>t0sharp bench trainer [--preset t5-small|t5-tiny] [--batch 4] [--inputs 256] [--targets 64] [--steps 4] [--rounds 3]</c>:
/// training throughput of the full trainer (tokens/s, MFU against this machine's fp32 matmul peak measured in the
/// same run) against the bare model step (forward + backward + Adafactor, nothing else) on the same model and
/// batch. Rounds alternate bare and trainer so machine load affects both alike; medians are reported. Target:
/// trainer overhead at most 5%.
/// </summary>
public sealed class TrainerBenchmark : IBenchmark
{
    public string Name => "trainer";
    public string Description => "Full trainer vs bare model step: tokens/s, MFU vs measured matmul peak, trainer overhead (target <= 5%)";

    public int Run(IReadOnlyList<string> args, TextWriter output)
    {
        string Arg(string name, string def) { var i = args.ToList().IndexOf("--" + name); return i >= 0 && i + 1 < args.Count ? args[i + 1] : def; }
        var preset = Arg("preset", "t5-small");
        int batch = int.Parse(Arg("batch", "4"), CultureInfo.InvariantCulture), inLen = int.Parse(Arg("inputs", "256"), CultureInfo.InvariantCulture);
        int tgtLen = int.Parse(Arg("targets", "64"), CultureInfo.InvariantCulture), steps = int.Parse(Arg("steps", "4"), CultureInfo.InvariantCulture);
        int rounds = int.Parse(Arg("rounds", "3"), CultureInfo.InvariantCulture);
        var config = preset switch
        {
            "t5-small" => T5Config.Small with { VocabSize = 32128 },
            "t5-tiny" => T5Config.Tiny,
            _ => throw new ArgumentException($"--preset: t5-small or t5-tiny, not '{preset}'"),
        };
        var peak = MatmulPeak.Measure();
        output.WriteLine($"trainer benchmark: {preset}, batch {batch} x ({inLen} inputs, {tgtLen} targets), {steps} steps x {rounds} rounds, {get_num_threads()} threads");
        output.WriteLine($"fp32 matmul peak (measured): {peak / 1e9:F1} GFLOP/s");

        using var lm = PretrainedModel.Create(config with { DropoutRate = 0.1 }, CPU, seed: 0);
        using var model = new LanguageModelAdapter(lm);
        var data = new RepeatStream(SyntheticBatch(batch, inLen, tgtLen, config.VocabSize));
        var tokensPerStep = batch * (inLen + tgtLen);
        var flopsPerStep = StepFlops(lm, batch * inLen, batch * tgtLen);

        var bare = new List<(double Wall, double Cpu)>();
        var full = new List<(double Wall, double Cpu)>();
        using var tmp = new TempFolder();
        for (var r = 0; r < rounds; r++)
        {
            bare.Add(BareStep(model, data.Batch, steps + 1));
            full.Add(TrainerStep(model, data, steps + 1, batch, tmp.Path));
        }
        if (args.Contains("--profile")) Profile(model, data.Batch, output);
        var bareS = Median(bare.Select(x => x.Wall).ToList());
        var fullS = Median(full.Select(x => x.Wall).ToList());
        var bareCpu = Median(bare.Select(x => x.Cpu).ToList());
        var fullCpu = Median(full.Select(x => x.Cpu).ToList());
        void Row(string what, double s, double c) => output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what,-14} {s * 1000,9:F1} ms/step  {tokensPerStep / s,9:F0} tokens/s  MFU {flopsPerStep / s / peak,6:P1}  (process CPU {c * 1000:F1} ms/step)"));
        output.WriteLine($"model FLOPs per step (6·N·tokens, encoder and decoder separately): {flopsPerStep / 1e9:F2} GFLOP");
        Row("bare step", bareS, bareCpu);
        Row("full trainer", fullS, fullCpu);
        string Ms(IEnumerable<double> xs) => string.Join(", ", xs.Select(x => (x * 1000).ToString("F0", CultureInfo.InvariantCulture)));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"trainer overhead: wall {fullS / bareS - 1:+0.0%;-0.0%}, CPU time {fullCpu / bareCpu - 1:+0.0%;-0.0%} (target <= 5%)"));
        output.WriteLine($"per-round wall ms: bare [{Ms(bare.Select(x => x.Wall))}], trainer [{Ms(full.Select(x => x.Wall))}]; " +
            $"CPU ms: bare [{Ms(bare.Select(x => x.Cpu))}], trainer [{Ms(full.Select(x => x.Cpu))}]");
        output.WriteLine($"load average at end: {LoadAverage()} (other processes on this machine inflate and scatter wall times)");
        return 0;
    }

    /// <summary>Seconds per step of forward + backward + Adafactor on one batch, first step excluded (warm-up).</summary>
    static (double Wall, double Cpu) BareStep(LanguageModelAdapter model, TrainingBatch b, int steps)
    {
        var proc = Process.GetCurrentProcess();
        TimeSpan cpu0 = default;
        using var opt = OptimizerFactory.Create(new OptimizerSection(), model.Module);
        model.Module.train();
        var sw = new Stopwatch();
        for (var s = 0; s < steps; s++)
        {
            if (s == 1) { sw.Start(); proc.Refresh(); cpu0 = proc.TotalProcessorTime; }
            using var scope = NewDisposeScope();
            opt.ZeroGrad();
            var targets = tensor(b.DecoderTargetTokens.Select(t => (long)t).ToArray(), [b.Rows, b.TargetLength]);
            var logits = model.Logits(b);
            var loss = nn.functional.cross_entropy(logits.reshape(-1, logits.shape[^1]), targets.reshape(-1));
            loss.backward();
            _ = loss.item<float>(); // the trainer reads its loss once per step too
            opt.Step(1e-3);
        }
        proc.Refresh();
        return (sw.Elapsed.TotalSeconds / (steps - 1), (proc.TotalProcessorTime - cpu0).TotalSeconds / (steps - 1));
    }

    /// <summary>Seconds per step of the full trainer (loss weights, metrics, events, NaN check), first step excluded.</summary>
    static (double Wall, double Cpu) TrainerStep(LanguageModelAdapter model, ITrainingStream data, int steps, int batch, string dir)
    {
        var o = new TrainOptions
        {
            Run = new RunSection { OutputDir = Path.Combine(dir, Guid.NewGuid().ToString("N")), MaxSteps = steps },
            Data = new DataSection { BatchSize = batch, MicroBatchSize = batch },
            Checkpoint = new CheckpointSection { EverySteps = 0 },
            Logging = new LoggingSection { EverySteps = 10, Progress = ProgressMode.None }, // the default cadence
        };
        using var trainer = new Trainer(o, model, data);
        var stamps = new List<long>();
        var cpu = new List<TimeSpan>();
        var proc = Process.GetCurrentProcess();
        trainer.StepCompleted += _ => { stamps.Add(Stopwatch.GetTimestamp()); proc.Refresh(); cpu.Add(proc.TotalProcessorTime); };
        trainer.Event += e => { if (e is StepEvent s) _ = T0Sharp.Training.Progress.TrainingProgress.Describe(s); };
        trainer.Run();
        return (Stopwatch.GetElapsedTime(stamps[0], stamps[^1]).TotalSeconds / (stamps.Count - 1),
            (cpu[^1] - cpu[0]).TotalSeconds / (cpu.Count - 1));
    }

    /// <summary>Where a bare step's time goes: forward, backward, optimizer (averaged over 3 steps).</summary>
    static void Profile(LanguageModelAdapter model, TrainingBatch b, TextWriter output)
    {
        using var opt = OptimizerFactory.Create(new OptimizerSection(), model.Module);
        double f = 0, bw = 0, o = 0;
        for (var s = 0; s < 3; s++)
        {
            using var scope = NewDisposeScope();
            opt.ZeroGrad();
            var sw = Stopwatch.StartNew();
            var targets = tensor(b.DecoderTargetTokens.Select(t => (long)t).ToArray(), [b.Rows, b.TargetLength]);
            var logits = model.Logits(b);
            var loss = nn.functional.cross_entropy(logits.reshape(-1, logits.shape[^1]), targets.reshape(-1));
            _ = loss.item<float>();
            f += sw.Elapsed.TotalMilliseconds; sw.Restart();
            loss.backward();
            bw += sw.Elapsed.TotalMilliseconds; sw.Restart();
            opt.Step(1e-3);
            o += sw.Elapsed.TotalMilliseconds;
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"profile (ms/step): forward {f / 3:F1}, backward {bw / 3:F1}, optimizer {o / 3:F1}"));
    }

    /// <summary>6·N·T for the encoder (its tokens) and the decoder plus output head (its tokens); embeddings lookups excluded.</summary>
    static double StepFlops(ILanguageModel m, long encTokens, long decTokens)
    {
        long enc = 0, dec = 0;
        foreach (var (name, p) in m.Module.named_parameters())
        {
            var n = p.numel();
            if (name.StartsWith("encoder.", StringComparison.Ordinal) && !name.Contains("embed_tokens")) enc += n;
            else if (name.StartsWith("decoder.", StringComparison.Ordinal) && !name.Contains("embed_tokens")) dec += n;
            else if (name.StartsWith("lm_head", StringComparison.Ordinal)) dec += n;
            else if (name == "shared.weight" && m.Config.TieWordEmbeddings) dec += n; // tied head multiplies by it
        }
        return 6.0 * enc * encTokens + 6.0 * dec * decTokens;
    }

    static TrainingBatch SyntheticBatch(int rows, int inLen, int tgtLen, int vocab)
    {
        var r = new Random(1);
        int[] Tokens(int n) => Enumerable.Range(0, n).Select(_ => r.Next(2, vocab)).ToArray();
        var enc = Tokens(rows * inLen);
        var tgt = Tokens(rows * tgtLen);
        var dec = new int[tgt.Length];
        for (var i = 0; i < rows; i++) Array.Copy(tgt, i * tgtLen, dec, i * tgtLen + 1, tgtLen - 1);
        int[] Ones(int n) => Enumerable.Repeat(1, n).ToArray();
        return new TrainingBatch(rows, inLen, tgtLen, enc, null, null, dec, tgt, Ones(tgt.Length), null, null);
    }

    static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    static double Median(List<double> xs) { var s = xs.Order().ToList(); return s[s.Count / 2]; }

    sealed class RepeatStream(TrainingBatch batch) : ITrainingStream
    {
        public TrainingBatch Batch => batch;
        public TrainingBatch Next(int rows) => batch;
        public string SaveState() => "{}";
        public void RestoreState(string json) { }
    }

    sealed class TempFolder : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "t0sharp-bench-" + Guid.NewGuid().ToString("N"));
        public void Dispose() { try { Directory.Delete(Path, true); } catch (IOException) { } }
    }
}

/// <summary>Measures this machine's fp32 matmul throughput (best of several 1024³ products), the MFU denominator.</summary>
public static class MatmulPeak
{
    public static double Measure(int n = 1024, int reps = 8)
    {
        using var scope = NewDisposeScope();
        var a = randn(n, n);
        var b = randn(n, n);
        _ = a.matmul(b); // warm-up
        var best = double.MaxValue;
        for (var i = 0; i < reps; i++)
        {
            var sw = Stopwatch.StartNew();
            using var c = a.matmul(b);
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }
        return 2.0 * n * n * n / best;
    }
}
