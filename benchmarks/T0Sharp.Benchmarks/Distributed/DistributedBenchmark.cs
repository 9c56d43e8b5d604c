using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using T0Sharp.Distributed.Mpi;

namespace T0Sharp.Benchmarks.Distributed;

/// <summary>
/// <c>t0sharp bench distributed [--preset t5-small|t5-tiny] [--batch 8] [--inputs 128] [--targets 32] [--steps 4] [--bucket-mb 25]</c>:
/// data-parallel training throughput on one global batch for 1 process × 2 threads, 1 process × 1 thread and
/// 2 processes × 1 thread (MPICH's mpiexec), the gradient all-reduce time per step and its share, bare MPI
/// all-reduce bandwidth, and a paper projection of T0-3B's scaling efficiency on 8, 64 and 512 GPUs with the
/// bucket size used. Each configuration runs in fresh processes (the workers: <c>--worker</c>). Target: 2
/// processes × 1 thread reach at least 90% of twice the 1 process × 1 thread rate.
/// </summary>
public sealed class DistributedBenchmark : IBenchmark
{
    public string Name => "distributed";
    public string Description => "Data-parallel tokens/s (1p×2t, 1p×1t, 2p×1t), all-reduce share, T0-3B scaling projection (target 2p >= 90% of 2x 1p)";

    // Assumptions of the projection, printed with it.
    const double A100Bf16Flops = 312e12, AssumedMfu = 0.40;
    static readonly Interconnect NvLink = new("NVLink (A100 node)", 230e9, 10e-6);
    static readonly Interconnect InfiniBand = new("InfiniBand HDR, 200 Gb/s per GPU", 24e9, 15e-6);

    public int Run(IReadOnlyList<string> args, TextWriter output)
    {
        var settings = DistributedSettings.Parse(args);
        if (args.Contains("--worker")) return DistributedWorker.Run(settings, output);
        var mpiexec = MpiExec.Find();
        if (mpiexec is null)
        {
            output.WriteLine("error: mpiexec (MPICH) not found: install it (apt-get install mpich, or bash build/ensure-mpi.sh)");
            return 2;
        }
        var config = settings.Config();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"distributed benchmark: {settings.Preset}, global batch {settings.GlobalBatch} × ({settings.Inputs} inputs + {settings.Targets} targets), " +
            $"{settings.Steps} steps after a warm-up step, gradient buckets of {settings.BucketMb} MiB, {mpiexec}"));
        var runs = new (string Label, int Processes, int Threads)[] { ("1 process × 2 threads", 1, 2), ("1 process × 1 thread", 1, 1), ("2 processes × 1 thread", 2, 1) };
        var figures = new List<WorkerFigures>();
        foreach (var (label, processes, threads) in runs)
        {
            var f = Worker(mpiexec, processes, settings with { Threads = threads }, out var log);
            if (f is null)
            {
                output.WriteLine($"error: the {label} run failed:\n{log}");
                return 1;
            }
            figures.Add(f);
        }
        output.WriteLine();
        output.WriteLine("configuration               ms/step    tokens/s   all-reduce ms/step   share of step");
        for (var i = 0; i < runs.Length; i++)
        {
            var f = figures[i];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{runs[i].Label,-26} {f.SecondsPerStep * 1000,8:F1} {f.TokensPerStep / f.SecondsPerStep,11:F0} {f.AllReduceSecondsPerStep * 1000,20:F1} {f.AllReduceSecondsPerStep / f.SecondsPerStep,15:P1}"));
        }
        var one = figures[1].TokensPerStep / figures[1].SecondsPerStep;
        var two = figures[2].TokensPerStep / figures[2].SecondsPerStep;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"2 processes × 1 thread reach {two / (2 * one):P1} of 2× the 1 process × 1 thread rate (target >= 90%); " +
            $"gradients: {figures[2].GradientBytes / 1e6:F1} MB in {figures[2].AllReduceCalls} collective calls per step"));

        var points = figures[2].AllReduce;
        output.WriteLine();
        output.WriteLine("MPI all-reduce, 2 processes on this machine (float32, in place; median of 7):");
        foreach (var p in points)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {Size(p.Bytes),8}: {p.Seconds * 1e6,10:F0} µs  {(p.Bytes > 8 ? $"{p.Bytes / p.Seconds / 1e9:F2} GB/s" : "(latency)")}"));
        var largest = points[^1];
        var measured = new Interconnect("this machine's MPI (measured)", largest.Bytes / largest.Seconds, points[0].Seconds / 2);
        Projection(output, settings.BucketMb * 1024 * 1024, measured);
        output.WriteLine($"load average at end: {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a")} " +
            "(other processes on this machine slow the multi-process run most)");
        return 0;
    }

    static void Projection(TextWriter output, double bucketBytes, Interconnect measured)
    {
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"projection (on paper) for T0-3B ({ScalingProjection.Parameters / 1e9:F2}B parameters), batch {ScalingProjection.Rows} × " +
            $"({ScalingProjection.InputTokens} + {ScalingProjection.TargetTokens}) tokens, {ScalingProjection.StepFlops / 1e15:F1} PFLOP per step,"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"A100 bf16 {A100Bf16Flops / 1e12:F0} TFLOP/s at an assumed {AssumedMfu:P0} MFU; float32 gradients in {bucketBytes / 1048576:F0} MiB buckets, " +
            $"reduced after backward (no overlap):"));
        output.WriteLine("GPUs   compute s/step   interconnect                          all-reduce s/step   buckets   efficiency");
        foreach (var gpus in new[] { 8, 64, 512 })
            foreach (var link in new Func<int, Interconnect>[] { g => g <= 8 ? NvLink : InfiniBand, _ => measured })
            {
                var p = ScalingProjection.Project(gpus, A100Bf16Flops, AssumedMfu, bucketBytes, link);
                var l = link(gpus);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{gpus,4} {p.ComputeSeconds,16:F3}   {l.Name,-36} {p.AllReduceSeconds,18:F3} {p.Buckets,9} {p.Efficiency,12:P1}"));
            }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bus bandwidth / latency assumed: NVLink {NvLink.BusBytesPerSecond / 1e9:F0} GB/s / {NvLink.LatencySeconds * 1e6:F0} µs, " +
            $"InfiniBand {InfiniBand.BusBytesPerSecond / 1e9:F0} GB/s / {InfiniBand.LatencySeconds * 1e6:F0} µs; measured here " +
            $"{measured.BusBytesPerSecond / 1e9:F2} GB/s / {measured.LatencySeconds * 1e6:F0} µs"));
    }

    static WorkerFigures? Worker(string mpiexec, int processes, DistributedSettings settings, out string log)
    {
        var entry = Assembly.GetEntryAssembly()?.Location ?? throw new InvalidOperationException("no entry assembly to start workers from");
        var worker = new List<string> { "dotnet", entry, "bench", "distributed", "--worker" };
        worker.AddRange(settings.ToArgs());
        var command = processes == 1 ? worker : [mpiexec, "-n", processes.ToString(CultureInfo.InvariantCulture), .. worker];
        var psi = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in command.Skip(1)) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        log = stdout + stderr.Result;
        var line = stdout.Split('\n').FirstOrDefault(l => l.StartsWith(DistributedWorker.Marker, StringComparison.Ordinal));
        return p.ExitCode == 0 && line != null ? JsonSerializer.Deserialize<WorkerFigures>(line[DistributedWorker.Marker.Length..]) : null;
    }

    static string Size(long bytes) => bytes >= 1 << 20 ? $"{bytes >> 20} MiB" : $"{bytes} B";
}
