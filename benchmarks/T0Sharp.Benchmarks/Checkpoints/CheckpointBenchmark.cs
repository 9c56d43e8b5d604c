using System.Diagnostics;
using T0Sharp.Models.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace T0Sharp.Benchmarks.Checkpoints;

/// <summary>
/// <c>t0sharp bench checkpoint [--scale F]</c>: writes a t5-small-shaped checkpoint (77M parameters at scale 1:
/// t5-small's 60.5M plus an untied lm_head, as in T5 v1.1)
/// as fp32, bf16 and fp32 shards, then loads each back, printing throughput against a plain sequential read of the
/// same file (the disk/page-cache ceiling) and the process memory growth per byte of loaded fp32 tensors.
/// </summary>
public sealed class CheckpointBenchmark : IBenchmark
{
    public string Name => "checkpoint";
    public string Description => "safetensors write/load throughput vs a raw file read, and load memory per byte (t5-small shapes)";

    public int Run(IReadOnlyList<string> args, TextWriter output)
    {
        var scale = 1.0;
        for (var i = 0; i < args.Count; i++)
            if (args[i] == "--scale" && i + 1 < args.Count) scale = double.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            else { output.WriteLine($"unknown argument '{args[i]}' (use --scale F, default 1 = t5-small)"); return 2; }

        var dir = Path.Combine(Path.GetTempPath(), "t0sharp-bench-checkpoint-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var _ = no_grad();
            var tensors = T5SmallShapes(scale).Select(s => (s.Name, randn(s.Shape))).ToList();
            var fp32Bytes = tensors.Sum(t => t.Item2.numel() * 4);
            output.WriteLine($"checkpoint: {tensors.Count} tensors, {tensors.Sum(t => t.Item2.numel()) / 1e6:F1}M parameters, {fp32Bytes / 1e6:F1} MB fp32");

            var single = Path.Combine(dir, "fp32");
            var bf16 = Path.Combine(dir, "bf16");
            var sharded = Path.Combine(dir, "sharded");
            Report(output, "write fp32 model.safetensors", fp32Bytes, () => CheckpointWriter.Save(single, tensors));
            // Measured before any other load or conversion, so that freed blocks malloc keeps do not hide the growth.
            var (managed, rss) = Memory(single);
            Report(output, "write bf16 model.safetensors", fp32Bytes / 2, () => CheckpointWriter.Save(bf16, tensors, TensorDType.BFloat16));
            Report(output, "write fp32 in 50 MB shards", fp32Bytes, () => CheckpointWriter.Save(sharded, tensors, maxShardBytes: 50_000_000));

            var file = Path.Combine(single, CheckpointFileNames.Safetensors);
            RawRead(file); // warm the page cache so every figure below reads from memory
            var raw = Report(output, "raw sequential read of the fp32 file (ceiling)", fp32Bytes, () => RawRead(file));
            var load = Report(output, "load fp32 -> new fp32 tensors", fp32Bytes, () => LoadAll(single), raw);
            Report(output, "load fp32 -> LoadInto existing parameters", fp32Bytes, () => LoadInto(single, tensors), raw);
            Report(output, "load bf16 -> fp32 tensors (exact upcast)", fp32Bytes, () => LoadAll(bf16), raw);
            Report(output, "load fp32 shards -> fp32 tensors", fp32Bytes, () => LoadAll(sharded), raw);

            output.WriteLine($"memory while holding every loaded tensor: process RSS grew {rss / 1e6:F1} MB = {rss / (double)fp32Bytes:F2} x the tensors' " +
                $"{fp32Bytes / 1e6:F1} MB (target about 1x); managed heap allocated {managed / 1e3:F1} KB = {managed / (double)fp32Bytes:P3} of it");
            foreach (var (_, t) in tensors) t.Dispose();
            return 0;
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    static double Report(TextWriter output, string what, long bytes, Action action, double? ceiling = null)
    {
        action(); // warm-up
        var best = double.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            var sw = Stopwatch.StartNew();
            action();
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }
        var rate = bytes / best / 1e6;
        output.WriteLine($"{what,-48} {best * 1e3,8:F1} ms  {rate,8:F0} MB/s" + (ceiling is { } c ? $"  ({rate / c:P0} of raw read)" : ""));
        return rate;
    }

    static void RawRead(string path)
    {
        var buffer = new byte[4 << 20];
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        while (fs.Read(buffer) > 0) { }
    }

    static void LoadAll(string dir)
    {
        using var ckpt = CheckpointReader.Open(dir);
        foreach (var info in ckpt.Tensors) ckpt.Load(info.Name).Dispose();
    }

    static void LoadInto(string dir, List<(string Name, Tensor Tensor)> targets)
    {
        using var ckpt = CheckpointReader.Open(dir);
        foreach (var (name, t) in targets) ckpt.LoadInto(name, t);
    }

    static (long Managed, long Rss) Memory(string dir)
    {
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var rss0 = process.WorkingSet64;
        var managed0 = GC.GetAllocatedBytesForCurrentThread();
        using var ckpt = CheckpointReader.Open(dir);
        var held = ckpt.Tensors.Select(t => ckpt.Load(t.Name)).ToList();
        var managed = GC.GetAllocatedBytesForCurrentThread() - managed0;
        process.Refresh();
        var rss = process.WorkingSet64 - rss0;
        foreach (var t in held) t.Dispose();
        return (managed, rss);
    }

    /// <summary>t5-small's parameter shapes (d_model 512, d_ff 2048, 8 heads, 6+6 layers, vocab 32128), scaled.</summary>
    static IEnumerable<(string Name, long[] Shape)> T5SmallShapes(double scale)
    {
        long d = Math.Max(8, (long)(512 * scale)), ff = 4 * d, vocab = Math.Max(64, (long)(32128 * scale));
        yield return ("shared.weight", [vocab, d]);
        foreach (var stack in new[] { "encoder", "decoder" })
        {
            for (var b = 0; b < 6; b++)
            {
                var p = $"{stack}.block.{b}.layer";
                foreach (var m in new[] { "q", "k", "v", "o" }) yield return ($"{p}.0.SelfAttention.{m}.weight", [d, d]);
                if (b == 0) yield return ($"{p}.0.SelfAttention.relative_attention_bias.weight", [32, 8]);
                yield return ($"{p}.0.layer_norm.weight", [d]);
                var ffLayer = 1;
                if (stack == "decoder")
                {
                    foreach (var m in new[] { "q", "k", "v", "o" }) yield return ($"{p}.1.EncDecAttention.{m}.weight", [d, d]);
                    yield return ($"{p}.1.layer_norm.weight", [d]);
                    ffLayer = 2;
                }
                yield return ($"{p}.{ffLayer}.DenseReluDense.wi.weight", [ff, d]);
                yield return ($"{p}.{ffLayer}.DenseReluDense.wo.weight", [d, ff]);
                yield return ($"{p}.{ffLayer}.layer_norm.weight", [d]);
            }
            yield return ($"{stack}.final_layer_norm.weight", [d]);
        }
        yield return ("lm_head.weight", [vocab, d]);
    }
}
