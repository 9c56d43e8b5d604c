using T0Sharp.Cli.Commands;
using T0Sharp.Cli.Tests.Support;
using T0Sharp.Demo;
using T0Sharp.Tests;

namespace T0Sharp.Cli.Tests;

/// <summary><c>t0sharp demo --job SPEC</c>: the worker process the demo starts for each training run.</summary>
public class DemoJobProcessTests
{
    [Fact]
    public async Task A_job_runs_in_its_own_t0sharp_process_and_leaves_its_result_beside_the_spec()
    {
        using var tmp = TestPaths.NewTempDir();
        var o = new DemoOptions
        {
            OutputDir = tmp.Path, Threads = 1, PretrainDocuments = 60, TrainExamplesPerTask = 8, HeldOutItemsPerTask = 4, Steps = 2,
            WarmupSteps = 1, RowsPerStep = 2, InputLength = 96, TargetLength = 48, TaskCounts = [1], Runs = 2, DModel = 32, DFf = 64, NumHeads = 2, DKv = 16, NumLayers = 1,
        };
        DemoData.Prepare(o, Path.Combine(tmp.Path, "data"));
        Directory.CreateDirectory(Path.Combine(tmp.Path, "jobs"));
        var job = new DemoJob("no_pretraining_types_1", 1);
        var spec = DemoJobs.SpecFile(tmp.Path, job);
        File.WriteAllText(spec, System.Text.Json.JsonSerializer.Serialize(new DemoJobSpec(o, job)));
        int code = await new DemoJobProcess().RunAsync(spec, tmp.File("job.log"), CancellationToken.None);
        Assert.True(code == 0, $"exit {code}: {File.ReadAllText(tmp.File("job.log"))}");
        var result = File.ReadAllText(DemoJobs.ResultFile(spec));
        Assert.Contains("\"no_pretraining_types_1-run2\"", result);
        Assert.Contains("seed 1000", result); // run 2's own seed
        Assert.True(File.Exists(Path.Combine(tmp.Path, "eval", "no_pretraining_types_1-run2", "examples.jsonl")));
        Assert.True(Directory.Exists(Path.Combine(tmp.Path, "models", "no_pretraining_types_1-run2")));
    }

    [Fact]
    public void A_missing_job_spec_is_bad_input()
    {
        using var tmp = TestPaths.NewTempDir();
        CliRun.AssertBadInput(CliRun.Run("demo", "--job", tmp.File("nope.json")), "--job", "nope.json");
        File.WriteAllText(tmp.File("bad.json"), "{bad");
        CliRun.AssertBadInput(CliRun.Run("demo", "--job", tmp.File("bad.json")), "bad.json", "not a demo job spec");
        File.WriteAllText(tmp.File("empty.json"), "{}");
        CliRun.AssertBadInput(CliRun.Run("demo", "--job", tmp.File("empty.json")), "empty.json", "not a demo job spec");
        CliRun.AssertBadInput(CliRun.Run("demo", "--jobs", "0"), "--jobs");
        CliRun.AssertBadInput(CliRun.Run("demo", "--runs", "-1"), "--runs");
    }
}
