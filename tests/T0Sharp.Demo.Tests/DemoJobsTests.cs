using T0Sharp.Demo;
using T0Sharp.Tests;

namespace T0Sharp.Demo.Tests;

/// <summary>
/// The demo's jobs: worker processes read back the data the parent prepared, and jobs run through a launcher (here
/// one that runs each worker's code in this process, one at a time) give exactly the numbers of jobs run in-process.
/// </summary>
public class DemoJobsTests
{
    static readonly DemoOptions Tiny = new()
    {
        Threads = 1, PretrainDocuments = 120, PretrainSteps = 4, TrainExamplesPerTask = 8, HeldOutItemsPerTask = 6, Steps = 3, WarmupSteps = 1,
        RowsPerStep = 2, InputLength = 96, TargetLength = 48, TaskCounts = [1, 2], BootstrapSamples = 20,
        DModel = 32, DFf = 64, NumHeads = 2, DKv = 16, NumLayers = 1,
    };

    /// <summary>Runs the worker side in this process, one job at a time (libtorch's random generator is process-wide).</summary>
    sealed class InProcessWorkers(int failOn = -1) : IDemoJobLauncher
    {
        readonly SemaphoreSlim _one = new(1);
        int _calls;
        public List<string> Specs { get; } = [];

        public async Task<int> RunAsync(string specFile, string logFile, CancellationToken cancel)
        {
            await _one.WaitAsync(cancel);
            try
            {
                lock (Specs) Specs.Add(Path.GetFileName(specFile));
                if (Interlocked.Increment(ref _calls) - 1 == failOn) { File.WriteAllText(logFile, "boom: the worker fell over\n"); return 1; }
                DemoJobs.RunWorker(specFile, cancel);
                return 0;
            }
            finally { _one.Release(); }
        }
    }

    [Fact]
    public void Load_reads_back_exactly_what_Prepare_wrote_without_writing()
    {
        using var tmp = TestPaths.NewTempDir();
        var dir = Path.Combine(tmp.Path, "data");
        var prepared = DemoData.Prepare(Tiny, dir);
        var stamps = Directory.GetFiles(dir, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc);
        var loaded = DemoData.Load(Tiny, dir);
        Assert.Equal(prepared.Tokenizer.InnerIds, loaded.Tokenizer.InnerIds);
        Assert.Equal(prepared.Corpus, loaded.Corpus);
        Assert.Equal(prepared.TokenizerFile, loaded.TokenizerFile);
        var task = T0Sharp.Synthetic.SyntheticSuite.TrainingTasks[0];
        Assert.Equal(prepared.Render(task, "train", false).Select(e => e.Inputs + "|" + e.Targets),
            loaded.Render(task, "train", false).Select(e => e.Inputs + "|" + e.Targets));
        Assert.Equal(prepared.Pretraining(Tiny).Get(3, 1).Targets, loaded.Pretraining(Tiny).Get(3, 1).Targets);
        Assert.All(stamps, kv => Assert.Equal(kv.Value, File.GetLastWriteTimeUtc(kv.Key)));
        Assert.Contains("compact-vocabulary.txt", Assert.Throws<ArgumentException>(() => DemoData.Load(Tiny, tmp.Path)).Message);
    }

    [Fact]
    public void Jobs_through_workers_give_the_numbers_of_jobs_run_in_process()
    {
        using var a = TestPaths.NewTempDir();
        using var b = TestPaths.NewTempDir();
        var o = Tiny with { Conditions = ["pretrained_only", "types_2", "no_pretraining_types_2"], Runs = 2, Jobs = 2 };
        var here = DemoRunner.Run(o with { OutputDir = a.Path });
        var workers = new InProcessWorkers();
        var there = DemoRunner.Run(o with { OutputDir = b.Path }, launcher: workers);
        // Five jobs: the baseline once, two runs of each trained condition, each through a spec file.
        Assert.Equal(["no_pretraining_types_2-run2.json", "no_pretraining_types_2.json", "pretrained_only.json", "types_2-run2.json", "types_2.json"],
            workers.Specs.Order(StringComparer.Ordinal));
        Assert.Equal(here.Details.Select(d => d.Name), there.Details.Select(d => d.Name));
        foreach (var (x, y) in here.Conditions.Zip(there.Conditions))
        {
            Assert.Equal(x.RunScores, y.RunScores);
            foreach (var (task, score) in x.HeldOut.PerTask) Assert.Equal(score.PerTemplate, y.HeldOut.PerTask[task].PerTemplate);
        }
        Assert.Equal(here.Details.Select(d => d.Training?.LastLoss), there.Details.Select(d => d.Training?.LastLoss));
        Assert.Equal(here.Parameters, there.Parameters);
    }

    [Fact]
    public void A_failed_worker_fails_the_demo_naming_the_job_and_its_log()
    {
        using var tmp = TestPaths.NewTempDir();
        var o = Tiny with { OutputDir = tmp.Path, Conditions = ["no_pretraining_types_2"], Runs = 2, Jobs = 2 };
        var e = Assert.Throws<InvalidOperationException>(() => DemoRunner.Run(o, launcher: new InProcessWorkers(failOn: 1)));
        Assert.Contains("failed (exit 1)", e.Message);
        Assert.Contains(Path.Combine(tmp.Path, "logs"), e.Message);
        Assert.Contains("boom: the worker fell over", e.Message);
        Assert.Equal(2, DemoJobs.Parallelism(o, 5));
        Assert.Equal(1, DemoJobs.Parallelism(o with { Jobs = 4 }, 1));
    }
}
