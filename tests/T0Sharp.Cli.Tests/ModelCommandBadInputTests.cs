using T0Sharp.Cli.Tests.Support;
using T0Sharp.Tests;

namespace T0Sharp.Cli.Tests;

/// <summary><c>score</c> and <c>generate</c>: --tokenizer, the shared device/dtype parser, strict input reading.</summary>
public class ModelCommandBadInputTests
{
    [Fact]
    public void Score_with_tokenizer_option_matches_the_model_folders_tokenizer()
    {
        using var dir = TestPaths.NewTempDir();
        var withTokenizer = Fixtures.ModelWithTokenizer(dir);
        File.WriteAllText(dir.File("in.jsonl"), """{"input": "Is the sky blue?", "targets": ["yes", "no"]}""" + "\n");
        var a = CliRun.Run("score", "--model", withTokenizer, "--input", dir.File("in.jsonl"), "--output", dir.File("a.jsonl"));
        Assert.True(a.Code == 0, a.ToString());
        // the fixture folder has no tokenizer: text needs --tokenizer, which then gives the same scores
        CliRun.AssertBadInput(CliRun.Run("score", "--model", Fixtures.TinyT0, "--input", dir.File("in.jsonl"), "--output", dir.File("b.jsonl")),
            "in.jsonl:1 input: text needs a tokenizer: --tokenizer PATH");
        var b = CliRun.Run("score", "--model", Fixtures.TinyT0, "--tokenizer", Fixtures.T5Tokenizer, "--input", dir.File("in.jsonl"), "--output", dir.File("b.jsonl"));
        Assert.True(b.Code == 0, b.ToString());
        Assert.Equal(File.ReadAllText(dir.File("a.jsonl")), File.ReadAllText(dir.File("b.jsonl")));
        var g = CliRun.Run("generate", "--model", Fixtures.TinyT0, "--tokenizer", Fixtures.T5Tokenizer, "--input", dir.File("in.jsonl"),
            "--output", dir.File("g.jsonl"), "--max-new-tokens", "2");
        Assert.True(g.Code == 0, g.ToString());
        Assert.Contains("\"text\"", File.ReadAllText(dir.File("g.jsonl")));
    }

    [Fact]
    public void Bad_devices_dtypes_tokenizers_and_inputs_name_the_option_or_line()
    {
        using var dir = TestPaths.NewTempDir();
        File.WriteAllText(dir.File("in.jsonl"), """{"input_ids": [5, 1], "targets": [[3]]}""" + "\n");
        string[] score = ["score", "--model", Fixtures.TinyT0, "--input", dir.File("in.jsonl"), "--output", dir.File("o.jsonl")];
        CliRun.AssertBadInput(CliRun.Run([.. score, "--device", "gpu"]), "--device gpu: unknown device");
        CliRun.AssertBadInput(CliRun.Run([.. score, "--dtype", "float8"]), "--dtype float8: unknown dtype");
        CliRun.AssertBadInput(CliRun.Run([.. score, "--dtype", "float16"]), "float16");
        CliRun.AssertBadInput(CliRun.Run([.. score, "--tokenizer", dir.File("none.model")]), "--tokenizer", "none.model: no such file or folder");
        CliRun.AssertBadInput(CliRun.Run(["score", "--model", Fixtures.TinyMt0, "--tokenizer", Fixtures.T5Tokenizer, "--input", dir.File("in.jsonl"),
            "--output", dir.File("o.jsonl")]), "vocab_size 2048");
        CliRun.AssertBadInput(CliRun.Run(["score", "--model", dir.File("nope"), "--input", dir.File("in.jsonl"), "--output", dir.File("o.jsonl")]), "--model", "nope: no such folder");
        File.WriteAllBytes(dir.File("bad.jsonl"), [.. "{\"input_ids\": [5, 1], \"targets\": [[3]]}\n{\"input\": \"caf"u8, 0xE9, .. "\", \"targets\": [[3]]}\n"u8]);
        CliRun.AssertBadInput(CliRun.Run(["score", "--model", Fixtures.TinyT0, "--input", dir.File("bad.jsonl"), "--output", dir.File("o.jsonl")]),
            "bad.jsonl:2: not valid UTF-8");
        File.WriteAllText(dir.File("ids.jsonl"), """{"input_ids": [5, 99999], "targets": [[3]]}""" + "\n");
        CliRun.AssertBadInput(CliRun.Run(["score", "--model", Fixtures.TinyT0, "--input", dir.File("ids.jsonl"), "--output", dir.File("o.jsonl")]),
            "ids.jsonl:1 input[1]: token id 99999 is outside the model's vocabulary");
        Assert.False(File.Exists(dir.File("o.jsonl")));
    }
}
