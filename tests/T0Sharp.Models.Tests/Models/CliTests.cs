using System.CommandLine;
using System.Text.Json;
using T0Sharp.Cli.Commands;
using T0Sharp.Models.Tests.Checkpoints;
using T0Sharp.Tests;

namespace T0Sharp.Models.Tests.Models;

/// <summary>The score and generate command contracts, run in-process on the fixtures.</summary>
public class CliTests
{
    static int Run(params string[] args)
    {
        var root = new RootCommand { ScoreCommand.Create(), GenerateCommand.Create() };
        return root.Parse(args).Invoke();
    }

    [Fact]
    public void Score_writes_sums_and_token_logprobs_matching_transformers()
    {
        using var tmp = TestPaths.NewTempDir();
        using var expected = new FixtureExpectations(Fixtures.T5Relu);
        var input = expected.Input(0);
        var ids = JsonSerializer.Serialize(FixtureExpectations.Ints(input.GetProperty("input_ids")));
        var labels = JsonSerializer.Serialize(FixtureExpectations.Ints(input.GetProperty("labels")));
        File.WriteAllText(tmp.File("in.jsonl"), $"{{\"input_ids\": {ids}, \"targets\": [{labels}, [5, 1]]}}\n\n{{\"input_ids\": [7, 1], \"targets\": [[3]]}}\n");
        Assert.Equal(0, Run("score", "--model", Fixtures.Dir(Fixtures.T5Relu), "--input", tmp.File("in.jsonl"), "--output", tmp.File("out.jsonl")));
        var lines = File.ReadAllLines(tmp.File("out.jsonl"));
        Assert.Equal(2, lines.Length);
        var first = JsonDocument.Parse(lines[0]).RootElement;
        Assert.Equal(2, first.GetProperty("scores").GetArrayLength());
        Assert.Equal(input.GetProperty("label_logprob_sum").GetDouble(), first.GetProperty("scores")[0].GetDouble(), 3);
        var tokens = FixtureExpectations.Doubles(first.GetProperty("token_logprobs")[0]);
        Assert.Equal(tokens.Sum(), first.GetProperty("scores")[0].GetDouble(), 4);
        Assert.Equal(2, tokens.Length);
    }

    [Fact]
    public void Generate_writes_greedy_ids_matching_transformers()
    {
        using var tmp = TestPaths.NewTempDir();
        using var expected = new FixtureExpectations(Fixtures.BloomBf16);
        var prompt = FixtureExpectations.Ints(expected.Input(1).GetProperty("input_ids"));
        File.WriteAllText(tmp.File("in.jsonl"), $"{{\"input_ids\": {JsonSerializer.Serialize(prompt)}}}\n");
        Assert.Equal(0, Run("generate", "--model", Fixtures.Dir(Fixtures.BloomBf16), "--input", tmp.File("in.jsonl"), "--output", tmp.File("out.jsonl"), "--max-new-tokens", "20"));
        var line = JsonDocument.Parse(File.ReadAllLines(tmp.File("out.jsonl")).Single()).RootElement;
        var hf = FixtureExpectations.Ints(expected.Input(1).GetProperty("greedy").GetProperty("sequences")).Skip(prompt.Length).ToArray();
        Assert.Equal(hf, FixtureExpectations.Ints(line.GetProperty("ids")));
        Assert.False(line.TryGetProperty("text", out _)); // no tokenizer in the fixture folder
    }

    [Fact]
    public void Text_inputs_use_the_model_folders_tokenizer_and_generate_returns_text()
    {
        using var tmp = TestPaths.NewTempDir();
        var model = Path.Combine(tmp.Path, "model");
        Directory.CreateDirectory(model);
        foreach (var f in new[] { "config.json", "model.safetensors" }) File.Copy(Fixtures.File(Fixtures.T0GatedGelu, f), Path.Combine(model, f));
        File.Copy(TestPaths.TestData("tokenizers", "t5", "spiece.model"), Path.Combine(model, "spiece.model"));
        var tokenizer = T0Sharp.Data.Tokenization.TokenizerLoader.Load(model);
        // T0's EOS convention, the default for T5-family folders: the input without </s>, the targets with it
        var inputIds = tokenizer.Encode("Is the sky blue?", addSpecialTokens: false);
        var targets = new[] { tokenizer.Encode("yes"), tokenizer.Encode("no") };
        Assert.Equal(1, targets[0][^1]);

        File.WriteAllText(tmp.File("text.jsonl"), "{\"input\": \"Is the sky blue?\", \"targets\": [\"yes\", \"no\"]}\n");
        File.WriteAllText(tmp.File("ids.jsonl"), $"{{\"input_ids\": {JsonSerializer.Serialize(inputIds)}, \"targets\": {JsonSerializer.Serialize(targets)}}}\n");
        Assert.Equal(0, Run("score", "--model", model, "--input", tmp.File("text.jsonl"), "--output", tmp.File("text.out")));
        Assert.Equal(0, Run("score", "--model", model, "--input", tmp.File("ids.jsonl"), "--output", tmp.File("ids.out")));
        Assert.Equal(File.ReadAllText(tmp.File("ids.out")), File.ReadAllText(tmp.File("text.out")));
        // t-few's convention puts </s> on the input too, which changes the scores
        Assert.Equal(0, Run("score", "--model", model, "--input", tmp.File("text.jsonl"), "--output", tmp.File("few.out"), "--eos-convention", "t-few"));
        File.WriteAllText(tmp.File("ids.jsonl"), $"{{\"input_ids\": {JsonSerializer.Serialize(tokenizer.Encode("Is the sky blue?"))}, \"targets\": {JsonSerializer.Serialize(targets)}}}\n");
        Assert.Equal(0, Run("score", "--model", model, "--input", tmp.File("ids.jsonl"), "--output", tmp.File("ids.out")));
        Assert.Equal(File.ReadAllText(tmp.File("ids.out")), File.ReadAllText(tmp.File("few.out")));
        Assert.NotEqual(File.ReadAllText(tmp.File("text.out")), File.ReadAllText(tmp.File("few.out")));

        File.WriteAllText(tmp.File("gen.jsonl"), "{\"input\": \"Is the sky blue?\"}\n");
        Assert.Equal(0, Run("generate", "--model", model, "--input", tmp.File("gen.jsonl"), "--output", tmp.File("gen.out"), "--max-new-tokens", "5", "--num-beams", "2"));
        var line = JsonDocument.Parse(File.ReadAllLines(tmp.File("gen.out")).Single()).RootElement;
        var ids = FixtureExpectations.Ints(line.GetProperty("ids"));
        Assert.Equal(tokenizer.Decode(ids), line.GetProperty("text").GetString());
    }

    [Fact]
    public void Bad_input_fails_with_file_and_line_and_keeps_the_previous_output()
    {
        using var tmp = TestPaths.NewTempDir();
        File.WriteAllText(tmp.File("out.jsonl"), "previous\n");
        File.WriteAllText(tmp.File("in.jsonl"), "{\"input_ids\": [1, 2], \"targets\": [[1]]}\n{\"input\": \"text needs a tokenizer\", \"targets\": [\"a\"]}\n");
        var err = new StringWriter();
        var saved = Console.Error;
        Console.SetError(err);
        try { Assert.Equal(2, Run("score", "--model", Fixtures.Dir(Fixtures.T0GatedGelu), "--input", tmp.File("in.jsonl"), "--output", tmp.File("out.jsonl"))); }
        finally { Console.SetError(saved); }
        Assert.Contains("in.jsonl:2", err.ToString());
        Assert.Contains("tokenizer", err.ToString());
        Assert.Equal("previous\n", File.ReadAllText(tmp.File("out.jsonl")));
    }
}
