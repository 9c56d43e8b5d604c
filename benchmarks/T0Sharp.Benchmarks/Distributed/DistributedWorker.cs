using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using T0Sharp.Distributed;
using T0Sharp.Models;
using T0Sharp.Training.Data;
using T0Sharp.Training.Loop;
using T0Sharp.Training.Options;
using static TorchSharp.torch;

namespace T0Sharp.Benchmarks.Distributed;

/// <summary>What one configuration measured (rank 0's view; step figures are global).</summary>
public sealed record WorkerFigures(int Processes, int Threads, double SecondsPerStep, double TokensPerStep,
    double AllReduceSecondsPerStep, int AllReduceCalls, long GradientBytes, IReadOnlyList<AllReducePoint> AllReduce);

/// <summary>One all-reduce size and its median time over the processes (empty for one process).</summary>
public sealed record AllReducePoint(long Bytes, double Seconds);

/// <summary>
/// One process of <c>bench distributed</c>: trains a model on the same synthetic global batch with the real
/// trainer (data-parallel when launched by mpiexec), timing steps and the gradient all-reduce, then times bare
/// all-reduces of several sizes. Rank 0 prints one <c>BENCH {json}</c> line for the driver.
/// </summary>
static class DistributedWorker
{
    public const string Marker = "BENCH ";

    public static int Run(DistributedSettings s, TextWriter output)
    {
        set_num_threads(s.Threads);
        using var group = ProcessGroups.Create("auto", "cpu", TimeSpan.FromMinutes(5));
        if (s.GlobalBatch % group.Size != 0) throw new ArgumentException($"--batch {s.GlobalBatch} does not divide among {group.Size} processes");
        var config = s.Config();
        using var model = new LanguageModelAdapter(PretrainedModel.Create(config with { DropoutRate = 0.0 }, CPU, seed: 0));
        using var dir = new TemporaryFolder();
        var o = new TrainOptions
        {
            Run = new RunSection { OutputDir = dir.Path, MaxSteps = s.Steps + 1 },
            Data = new DataSection { BatchSize = s.GlobalBatch, MicroBatchSize = s.GlobalBatch / group.Size, InputLength = s.Inputs, TargetLength = s.Targets },
            Checkpoint = new CheckpointSection { EverySteps = 0 },
            Logging = new LoggingSection { EverySteps = 1000, Progress = ProgressMode.None, Jsonl = false, Tensorboard = false },
            Distributed = new DistributedSection { BucketMb = s.BucketMb },
        };
        using var trainer = new Trainer(o, model, new SyntheticStream(s.Inputs, s.Targets, config.VocabSize), group: group);
        var stamps = new List<long>();
        double reduceSeconds = 0;
        trainer.StepCompleted += step =>
        {
            stamps.Add(Stopwatch.GetTimestamp());
            if (step > 1) reduceSeconds += trainer.Parallel?.Gradients.LastSeconds ?? 0; // step 1 is warm-up
        };
        trainer.Run();
        var perStep = Stopwatch.GetElapsedTime(stamps[0], stamps[^1]).TotalSeconds / s.Steps;
        var points = group.Size > 1 ? MeasureAllReduce(group) : [];
        var g = trainer.Parallel?.Gradients;
        var figures = new WorkerFigures(group.Size, s.Threads, perStep, s.GlobalBatch * (s.Inputs + s.Targets),
            reduceSeconds / s.Steps, g?.LastCalls ?? 0, g?.LastBytes ?? 0, points);
        if (group.Rank == 0) output.WriteLine(Marker + JsonSerializer.Serialize(figures));
        return 0;
    }

    // Bare in-place all-reduces of float32 buffers (bucket-sized and larger), median of 7 after a warm-up.
    static List<AllReducePoint> MeasureAllReduce(IProcessGroup group)
    {
        var points = new List<AllReducePoint>();
        foreach (var bytes in new long[] { 8, 1 << 20, 25 << 20, 100 << 20 })
        {
            using var buffer = ones(Math.Max(1, bytes / sizeof(float)), ScalarType.Float32);
            group.AllReduceSum(buffer);
            var times = new List<double>();
            for (var i = 0; i < 7; i++)
            {
                group.Barrier();
                var sw = Stopwatch.StartNew();
                group.AllReduceSum(buffer);
                times.Add(sw.Elapsed.TotalSeconds);
            }
            // Each process's median, averaged over the processes.
            Span<double> median = [times.Order().ElementAt(times.Count / 2)];
            group.AllReduceSum(median);
            points.Add(new AllReducePoint(bytes, median[0] / group.Size));
        }
        return points;
    }

    sealed class SyntheticStream(int inputs, int targets, int vocab) : ITrainingStream
    {
        readonly Dictionary<int, TrainingBatch> _cache = [];

        public TrainingBatch Next(int rows)
        {
            if (_cache.TryGetValue(rows, out var b)) return b;
            var r = new Random(1);
            int[] Tokens(int n) => Enumerable.Range(0, n).Select(_ => r.Next(2, vocab)).ToArray();
            var enc = Tokens(rows * inputs);
            var tgt = Tokens(rows * targets);
            var dec = new int[tgt.Length];
            for (var i = 0; i < rows; i++) Array.Copy(tgt, i * targets, dec, i * targets + 1, targets - 1);
            return _cache[rows] = new TrainingBatch(rows, inputs, targets, enc, null, null, dec, tgt, Enumerable.Repeat(1, tgt.Length).ToArray(), null, null);
        }

        public string SaveState() => "{}";
        public void RestoreState(string json) { }
    }

    sealed class TemporaryFolder : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "t0sharp-bench-" + Guid.NewGuid().ToString("N"));
        public void Dispose() { try { Directory.Delete(Path, true); } catch (IOException) { } }
    }
}

/// <summary>The benchmark's options, shared by the driver and its workers.</summary>
public sealed record DistributedSettings(string Preset, int GlobalBatch, int Inputs, int Targets, int Steps, double BucketMb, int Threads)
{
    public static DistributedSettings Parse(IReadOnlyList<string> args)
    {
        string Arg(string name, string def) { var i = args.ToList().IndexOf("--" + name); return i >= 0 && i + 1 < args.Count ? args[i + 1] : def; }
        int Int(string name, string def) => int.Parse(Arg(name, def), CultureInfo.InvariantCulture);
        return new(Arg("preset", "t5-small"), Int("batch", "8"), Int("inputs", "128"), Int("targets", "32"), Int("steps", "4"),
            double.Parse(Arg("bucket-mb", "25"), CultureInfo.InvariantCulture), Int("threads", "1"));
    }

    public IEnumerable<string> ToArgs() =>
    [
        "--preset", Preset, "--batch", Inv(GlobalBatch), "--inputs", Inv(Inputs), "--targets", Inv(Targets), "--steps", Inv(Steps),
        "--bucket-mb", BucketMb.ToString(CultureInfo.InvariantCulture), "--threads", Inv(Threads),
    ];

    public T5Config Config() => Preset switch
    {
        "t5-small" => T5Config.Small with { VocabSize = 32128 },
        "t5-tiny" => T5Config.Tiny,
        _ => throw new ArgumentException($"--preset: t5-small or t5-tiny, not '{Preset}'"),
    };

    static string Inv(int v) => v.ToString(CultureInfo.InvariantCulture);
}
