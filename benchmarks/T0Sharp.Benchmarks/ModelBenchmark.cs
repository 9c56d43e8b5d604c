using System.Diagnostics;
using T0Sharp.Models;
using T0Sharp.Models.T5;
using TorchSharp;
using static TorchSharp.torch;

namespace T0Sharp.Benchmarks;

/// <summary>
/// <c>t0sharp bench model [--steps N] [--batch B] [--input-len S] [--target-len T] [--threads K] [--attention math|sdpa]</c>:
/// forward + backward training throughput of a t5-small-shaped model (d_model 512, 6+6 layers, 8 heads, d_ff 2048,
/// vocab 32128) in fp32 on the CPU, and model FLOPs utilisation against this machine's fp32 matmul peak measured in the
/// same run. FLOPs are counted exactly per matmul of the forward pass (projections, attention scores and context,
/// feed-forward, LM head) and tripled for forward + backward; element-wise work is not counted.
/// </summary>
public sealed class ModelBenchmark : IBenchmark
{
    public string Name => "model";
    public string Description => "T5-small forward+backward tokens/s and MFU vs this machine's measured fp32 matmul peak";

    public int Run(IReadOnlyList<string> args, TextWriter output)
    {
        var o = BenchArgs.Parse(args);
        torch.set_num_threads(o.Threads);
        output.WriteLine($"bench model: t5-small shape, batch {o.Batch}, inputs {o.InputLen}, targets {o.TargetLen}, {o.Steps} timed steps (+1 warm-up), " +
            $"{o.Threads} torch threads, attention {o.Attention}");

        var (peak, peakPerCpuSecond) = MatmulPeak(output);
        var config = T5Config.Small;
        using var model = (T5ForConditionalGeneration)PretrainedModel.Create(config, seed: 0);
        model.train();
        model.FusedAttention = o.Attention == "sdpa";
        long parameters = model.parameters().Sum(p => p.numel());
        double flops = 3 * ForwardFlops(config, o.Batch, o.InputLen, o.TargetLen);
        output.WriteLine($"model: {parameters / 1e6:F1} M parameters; {flops / 1e12:F3} TFLOP per step (forward+backward, matmuls)");

        var times = new List<double>();
        var cpuTimes = new List<double>();
        var forwardShare = new List<double>();
        var proc = Process.GetCurrentProcess();
        for (int step = 0; step <= o.Steps; step++)
        {
            proc.Refresh();
            var cpu0 = proc.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            double forward = TrainStep(model, o);
            sw.Stop();
            proc.Refresh();
            if (step == 0) continue; // the first step warms caches and allocators
            times.Add(sw.Elapsed.TotalSeconds);
            cpuTimes.Add((proc.TotalProcessorTime - cpu0).TotalSeconds);
            forwardShare.Add(forward / sw.Elapsed.TotalSeconds);
        }
        double mean = times.Average(), best = times.Min();
        long tokens = (long)o.Batch * (o.InputLen + o.TargetLen);
        double mfu = flops / mean / peak;
        double cpuMfu = flops / cpuTimes.Average() / peakPerCpuSecond;
        output.WriteLine($"step time: mean {mean:F3} s, best {best:F3} s over {times.Count} steps");
        output.WriteLine($"throughput: {tokens / mean:F1} tokens/s (input+target tokens; best step {tokens / best:F1})");
        output.WriteLine($"achieved: {flops / mean / 1e9:F1} GFLOP/s = MFU {mfu:P1} of the measured matmul peak (best step {flops / best / peak:P1})");
        output.WriteLine($"CPU-time view (robust to other load): {cpuTimes.Average():F2} CPU-s per step, {flops / cpuTimes.Average() / 1e9:F1} GFLOP per CPU-s " +
            $"= {cpuMfu:P1} of the matmul's {peakPerCpuSecond / 1e9:F1} GFLOP per CPU-s; forward is {forwardShare.Average():P0} of a step");
        output.WriteLine($"peak memory: working set {proc.PeakWorkingSet64 / 1048576.0:F0} MiB, managed heap {GC.GetTotalMemory(false) / 1048576.0:F0} MiB");
        output.WriteLine("reference: Hugging Face transformers on PyTorch (OpenBLAS, 2 threads) ≈ 24% MFU on the 2-core dev machine " +
            "(batch 4, 256/64 tokens ≈ 246 tokens/s); target ≥ 50% MFU");
        return 0;
    }

    /// <summary>One step; returns the forward pass's seconds.</summary>
    static double TrainStep(T5ForConditionalGeneration model, BenchArgs o)
    {
        using var scope = NewDisposeScope();
        var gen = new torch.Generator(1);
        var inputs = randint(2, model.Config.VocabSize, [o.Batch, o.InputLen], generator: gen);
        var labels = randint(2, model.Config.VocabSize, [o.Batch, o.TargetLen], generator: gen);
        var decoderInputs = cat([zeros(o.Batch, 1, dtype: ScalarType.Int64), labels.narrow(1, 0, o.TargetLen - 1)], 1);
        model.zero_grad();
        var sw = Stopwatch.StartNew();
        var logits = model.Logits(new ModelBatch(inputs, decoderInputs));
        var loss = nn.functional.cross_entropy(logits.view(-1, logits.shape[^1]), labels.view(-1));
        double forward = sw.Elapsed.TotalSeconds;
        loss.backward();
        gen.Dispose();
        return forward;
    }

    /// <summary>Best fp32 FLOP/s of a large square matmul (2048³), the peak MFU is measured against.</summary>
    static (double perSecond, double perCpuSecond) MatmulPeak(TextWriter output)
    {
        using var scope = NewDisposeScope();
        const int n = 2048;
        var a = randn(n, n);
        var b = randn(n, n);
        a.matmul(b).Dispose(); // warm-up
        double best = 0, bestCpu = 0;
        var proc = Process.GetCurrentProcess();
        for (int i = 0; i < 5; i++)
        {
            proc.Refresh();
            var cpu0 = proc.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            a.matmul(b).Dispose();
            double wall = sw.Elapsed.TotalSeconds;
            proc.Refresh();
            double cpu = (proc.TotalProcessorTime - cpu0).TotalSeconds;
            best = Math.Max(best, 2.0 * n * n * n / wall);
            if (cpu > 0) bestCpu = Math.Max(bestCpu, 2.0 * n * n * n / cpu);
        }
        output.WriteLine($"matmul peak (fp32 {n}x{n}x{n}, best of 5): {best / 1e9:F1} GFLOP/s wall, {bestCpu / 1e9:F1} GFLOP per CPU-second");
        return (best, bestCpu);
    }

    /// <summary>Forward matmul FLOPs (2 per multiply-add) of one T5 step with S input and T target tokens per row.</summary>
    public static double ForwardFlops(T5Config c, long batch, long s, long t)
    {
        double d = c.DModel, inner = c.InnerDim, ff = c.DFf * (c.Gated ? 2 : 1) + c.DFf, v = c.VocabSize;
        double encoderLayer = 2 * s * 4 * d * inner + 2 * 2 * s * s * inner + 2 * s * d * ff;
        double decoderLayer = 2 * t * 4 * d * inner + 2 * 2 * t * t * inner       // self-attention
            + 2 * t * 2 * d * inner + 2 * s * 2 * d * inner + 2 * 2 * t * s * inner // cross-attention (q, o on targets; k, v on inputs)
            + 2 * t * d * ff;
        return batch * (c.NumLayers * encoderLayer + c.DecoderLayers * decoderLayer + 2 * t * d * v);
    }

    sealed record BenchArgs(int Steps, int Batch, int InputLen, int TargetLen, int Threads, string Attention)
    {
        public static BenchArgs Parse(IReadOnlyList<string> args)
        {
            var a = new BenchArgs(3, 4, 512, 128, Environment.ProcessorCount, "math");
            for (int i = 0; i < args.Count; i++)
            {
                string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                int Int() { var s = Next(); return int.TryParse(s, out var x) && x > 0 ? x : throw new ArgumentException($"{args[i - 1]}: '{s}' is not a positive integer"); }
                a = args[i] switch
                {
                    "--steps" => a with { Steps = Int() },
                    "--batch" => a with { Batch = Int() },
                    "--input-len" => a with { InputLen = Int() },
                    "--target-len" => a with { TargetLen = Int() },
                    "--threads" => a with { Threads = Int() },
                    "--attention" => a with { Attention = Next() is "math" or "sdpa" ? args[i] : throw new ArgumentException("--attention: math or sdpa") },
                    _ => throw new ArgumentException($"unknown option {args[i]} (use --steps, --batch, --input-len, --target-len, --threads, --attention)"),
                };
            }
            return a;
        }
    }
}
