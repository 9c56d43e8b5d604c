using System.Text.Json.Nodes;
using T0Sharp.Cli.Tests.Support;
using T0Sharp.Data.Tokenization;
using T0Sharp.Models;
using T0Sharp.Tests;
using static TorchSharp.torch;

namespace T0Sharp.Cli.Tests;

/// <summary><c>t0sharp tokenizer extend</c>: a complete folder whose model computes what the old one did on old ids; bad input.</summary>
public class TokenizerCommandTests
{
    static string BpeTokenizer => TestPaths.TestData("tokenizers", "bloom-style-bpe");
    static string Bloom => TestPaths.TestData("models", "tiny-bloomz-bloom-bf16");
    static string Greek => TestPaths.TestData("language-adaptation", "xquad-el", "train.txt");

    static float[] Logits(ILanguageModel model, long[] ids)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var logits = model.Logits(new ModelBatch(tensor(ids, [1, ids.Length])));
        return logits.narrow(-1, 0, 1760).contiguous().data<float>().ToArray();
    }

    [Fact]
    public void Extend_writes_a_folder_whose_model_gives_the_old_logits_on_old_ids()
    {
        using var dir = TestPaths.NewTempDir();
        var r = CliRun.Run("tokenizer", "extend", "--tokenizer", BpeTokenizer, "--corpus", Greek, "--new-tokens", "150",
            "--strategy", "extend", "--model", Bloom, "--out", dir.File("el"));
        Assert.True(r.Code == 0, r.ToString());
        Assert.Contains("strategy extend: 1760 → 1910 tokens (150 new", r.Out);
        Assert.Contains("150 mean of old sub-tokens", r.Out);
        var report = JsonNode.Parse(File.ReadAllText(dir.File("el/tokenizer_extension.json")))!;
        Assert.True((double)report["tokens_per_word_after"]! < (double)report["tokens_per_word_before"]!);

        var tok = TokenizerLoader.Load(dir.File("el"));
        Assert.Equal(1910, tok.VocabSize);
        var greek = File.ReadAllLines(Greek)[0];
        Assert.Contains(tok.Encode(greek), id => id >= 1760);
        using var oldModel = PretrainedModel.Load(Bloom);
        using var newModel = PretrainedModel.Load(dir.File("el"));
        Assert.Equal(2048, newModel.Config.VocabSize);
        var oldIds = TokenizerLoader.Load(Path.Combine(BpeTokenizer, "tokenizer.json")).Encode("The cat sat on the mat.").Select(i => (long)i).ToArray();
        Assert.Equal(Logits(oldModel, oldIds), Logits(newModel, oldIds));
        Assert.NotEqual(Logits(oldModel, [1800, 1801]), Logits(newModel, [1800, 1801]));
    }

    [Fact]
    public void Replace_without_a_model_writes_the_tokenizer_only()
    {
        using var dir = TestPaths.NewTempDir();
        var r = CliRun.Run("tokenizer", "extend", "--tokenizer", Path.Combine(BpeTokenizer, "tokenizer.json"), "--corpus", Greek,
            "--new-tokens", "40", "--strategy", "overlap-replace", "--out", dir.File("el"));
        Assert.True(r.Code == 0, r.ToString());
        Assert.Equal(["special_tokens_map.json", "tokenizer.json", "tokenizer_config.json", "tokenizer_extension.json"],
            Directory.GetFiles(dir.File("el")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(4 + 256 + 40, TokenizerLoader.Load(dir.File("el")).VocabSize);
    }

    [Fact]
    public void Bad_input_names_the_option_and_leaves_nothing_behind()
    {
        using var dir = TestPaths.NewTempDir();
        string[] Args(params string[] changes)
        {
            var args = new Dictionary<string, string>
            {
                ["--tokenizer"] = BpeTokenizer, ["--corpus"] = Greek, ["--new-tokens"] = "10", ["--strategy"] = "extend", ["--out"] = dir.File("out"),
            };
            for (var i = 0; i < changes.Length; i += 2) args[changes[i]] = changes[i + 1];
            return ["tokenizer", "extend", .. args.SelectMany(kv => new[] { kv.Key, kv.Value })];
        }
        CliRun.AssertBadInput(CliRun.Run(Args("--strategy", "grow")), "--strategy grow: expected extend, replace or overlap-replace");
        CliRun.AssertBadInput(CliRun.Run(Args("--new-tokens", "0")), "--new-tokens 0: must be at least 1");
        CliRun.AssertBadInput(CliRun.Run(Args("--min-frequency", "0")), "--min-frequency 0");
        CliRun.AssertBadInput(CliRun.Run(Args("--tokenizer", dir.File("none"))), "--tokenizer", "no such file or folder");
        CliRun.AssertBadInput(CliRun.Run(Args("--tokenizer", dir.Path)), "has no tokenizer.json");
        CliRun.AssertBadInput(CliRun.Run(Args("--tokenizer", TestPaths.TestData("tokenizers", "t5", "spiece.model"))), "SentencePiece");
        CliRun.AssertBadInput(CliRun.Run(Args("--tokenizer", TestPaths.TestData("tokenizers", "t5", "tokenizer.json"))), "Unigram");
        CliRun.AssertBadInput(CliRun.Run(Args("--corpus", dir.File("none.txt"))), "none.txt");
        CliRun.AssertBadInput(CliRun.Run(Args("--documents", "page")), "--documents page");
        CliRun.AssertBadInput(CliRun.Run(Args("--model", dir.File("nomodel"))), "--model", "no such folder");
        File.WriteAllText(dir.File("empty.txt"), "\n\n");
        CliRun.AssertBadInput(CliRun.Run(Args("--corpus", dir.File("empty.txt"))), "--corpus", "no documents");
        Directory.CreateDirectory(dir.File("exists"));
        CliRun.AssertBadInput(CliRun.Run(Args("--out", dir.File("exists"))), "--out", "already exists");
        Directory.CreateDirectory(dir.File("noconfig"));
        CliRun.AssertBadInput(CliRun.Run(Args("--model", dir.File("noconfig"))), "no config.json");
        Assert.Equal(["empty.txt"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
        Assert.Equal(["exists", "noconfig"], Directory.GetDirectories(dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
