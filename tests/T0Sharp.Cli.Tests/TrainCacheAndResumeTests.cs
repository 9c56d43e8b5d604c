using T0Sharp.Cli.Tests.Support;
using T0Sharp.Tests;
using T0Sharp.Training.Checkpoints;

namespace T0Sharp.Cli.Tests;

/// <summary><c>train</c> reads <c>data build</c> caches; <c>--resume</c> skips damaged checkpoints and keeps the checkpoint's model/data settings.</summary>
public class TrainCacheAndResumeTests
{
    static readonly string TinyTrain = TestPaths.RepoPath("configs", "data", "tiny-train.jsonl");

    [Fact]
    public void Train_reads_a_data_build_cache()
    {
        using var dir = TestPaths.NewTempDir();
        var cache = dir.File("cache");
        var build = CliRun.Run("data", "build", "--mixture", "super_glue_rte_GPT_3_style", "--split-fallback", "validation", "--out", cache,
            "--max-examples", "12", "--threads", "1");   // the default tokenizer, as train's
        Assert.True(build.Code == 0, build.ToString());
        var r = CliRun.Run("train", Fixtures.TrainConfig(dir, cache));
        Assert.True(r.Code == 0, r.ToString());
        Assert.Contains("12 cached examples from 1 `data build` cache(s), 1 task(s)", r.Out);
        Assert.True(File.Exists(Path.Combine(dir.Path, "run", "checkpoints", "step-000002", CheckpointManager.StateFile)));
        // a cache built under another EOS convention does not silently train under this one
        var other = CliRun.Run("train", Fixtures.TrainConfig(dir, cache), "--data.eos_convention=t-few");
        CliRun.AssertBadInput(other, "data.train_files", "EOS convention t-zero, not t-few");
        // caches and rendered files do not mix
        CliRun.AssertBadInput(CliRun.Run("train", Fixtures.TrainConfig(dir, cache + "," + TinyTrain)), "mixes `data build` caches");
    }

    [Fact]
    public void Resume_skips_a_checkpoint_with_a_truncated_model_and_says_so()
    {
        using var dir = TestPaths.NewTempDir();
        var config = Fixtures.TrainConfig(dir, TinyTrain);
        var first = CliRun.Run("train", config);
        Assert.True(first.Code == 0, first.ToString());
        var checkpoints = Path.Combine(dir.Path, "run", "checkpoints");
        var newest = Path.Combine(checkpoints, "step-000002");
        var weights = Directory.GetFiles(Path.Combine(newest, CheckpointIo.ModelDir), "*.safetensors").Single();
        Fixtures.Truncate(weights);

        var resumed = CliRun.Run("train", config, "--run.max_steps=3", "--resume");
        Assert.True(resumed.Code == 0, resumed.ToString());
        Assert.Contains($"warning: --resume: skipping {newest}: {weights}", resumed.Err);
        Assert.Contains("truncated", resumed.Err);
        Assert.Contains("trying the previous checkpoint (step-000001)", resumed.Err);
        Assert.Contains($"resuming from {Path.Combine(checkpoints, "step-000001")}", resumed.Err);
        Assert.True(File.Exists(Path.Combine(checkpoints, "step-000003", CheckpointManager.StateFile)));

        // the resumed run wrote step 2 again; naming a damaged checkpoint explicitly is an error that points at the intact one
        Fixtures.Truncate(Directory.GetFiles(Path.Combine(checkpoints, "step-000003", CheckpointIo.ModelDir), "*.safetensors").Single());
        CliRun.AssertBadInput(CliRun.Run("train", config, "--resume", Path.Combine(checkpoints, "step-000003")),
            "step-000003: not a usable checkpoint", "the newest intact checkpoint is " + Path.Combine(checkpoints, "step-000002"));
    }

    [Fact]
    public void Resume_keeps_the_checkpoints_model_and_data_settings_and_lists_the_overrides()
    {
        using var dir = TestPaths.NewTempDir();
        var config = Fixtures.TrainConfig(dir, TinyTrain);
        Assert.Equal(0, CliRun.Run("train", config).Code);
        // the config file now asks for other data settings and a longer run; the command line changes the learning rate
        File.WriteAllText(config, File.ReadAllText(config).Replace("batch_size: 4", "batch_size: 8").Replace("max_steps: 2", "max_steps: 3"));
        var r = CliRun.Run("train", config, "--resume", "--optimizer.learning_rate=0.002");
        Assert.True(r.Code == 0, r.ToString());
        Assert.Contains("data.batch_size: keeps the checkpoint's 4, not 8 from " + config, r.Err);
        Assert.Contains("run.max_steps: 2 -> 3 (from " + config + ")", r.Err);
        Assert.Contains("optimizer.learning_rate: 0.001 -> 0.002 (from the command line)", r.Err);
        var saved = File.ReadAllText(Path.Combine(dir.Path, "run", "checkpoints", "step-000003", CheckpointIo.ConfigFile));
        Assert.Contains("  batch_size: 4\n", saved);
        Assert.Contains("  learning_rate: 0.002\n", saved);
    }
}
