using T0Sharp.Cli.Tests.Support;
using T0Sharp.Tests;

namespace T0Sharp.Cli.Tests;

/// <summary><c>t0sharp train</c> with inputs that used to end in stack traces.</summary>
public class TrainBadInputTests
{
    [Fact]
    public void An_empty_training_file_names_the_file()
    {
        using var dir = TestPaths.NewTempDir();
        File.WriteAllText(dir.File("empty.jsonl"), "\n");
        var r = CliRun.Run("train", Fixtures.TrainConfig(dir, dir.File("empty.jsonl")));
        CliRun.AssertBadInput(r, "data.train_files", "empty.jsonl", "no examples");
    }

    [Fact]
    public void Training_data_that_is_not_utf8_names_the_line()
    {
        using var dir = TestPaths.NewTempDir();
        File.WriteAllBytes(dir.File("bad.jsonl"), [.. "{\"inputs\": \"a\", \"targets\": \"b\"}\n{\"inputs\": \"caf"u8, 0xE9, .. "\", \"targets\": \"b\"}\n"u8]);
        CliRun.AssertBadInput(CliRun.Run("train", Fixtures.TrainConfig(dir, dir.File("bad.jsonl"))), "bad.jsonl:2: not valid UTF-8");
    }

    [Fact]
    public void Init_from_a_model_whose_vocabulary_does_not_fit_the_tokenizer_is_refused()
    {
        using var dir = TestPaths.NewTempDir();
        var config = Fixtures.TrainConfig(dir, T0Sharp.Tests.TestPaths.RepoPath("configs", "data", "tiny-train.jsonl"));
        var r = CliRun.Run("train", config, "--init-from", Fixtures.TinyMt0, "--model.preset=null");
        CliRun.AssertBadInput(r, "has 32100 ids", "vocab_size 2048", "data.tokenizer");
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "run", "checkpoints")));
    }

    [Fact]
    public void Bad_config_values_name_the_key()
    {
        using var dir = TestPaths.NewTempDir();
        var config = Fixtures.TrainConfig(dir, T0Sharp.Tests.TestPaths.RepoPath("configs", "data", "tiny-train.jsonl"));
        CliRun.AssertBadInput(CliRun.Run("train", config, "--run.device=gpu"), "run.device gpu: unknown device");
        CliRun.AssertBadInput(CliRun.Run("train", config, "--optimizer.learning_rat=1"), "unknown key 'optimizer.learning_rat'");
        CliRun.AssertBadInput(CliRun.Run("train", dir.File("nope.yaml")), "nope.yaml");
        CliRun.AssertBadInput(CliRun.Run("train", config, "--resume"), "--resume: no complete checkpoint under");
        CliRun.AssertBadInput(CliRun.Run("train", config, "--data.train_files=" + dir.File("missing.jsonl")), "missing.jsonl");
    }
}
