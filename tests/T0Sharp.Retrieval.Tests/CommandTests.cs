using System.CommandLine;
using T0Sharp.Cli.Commands;
using T0Sharp.Models;
using T0Sharp.Tests;
using T0Sharp.Training.Data;

namespace T0Sharp.Retrieval.Tests;

/// <summary>`t0sharp retrieve` and `t0sharp generate-instructions` end to end on a tiny random T5 (console redirected: one class).</summary>
public sealed class CommandTests : IDisposable
{
    readonly TempDir _dir = TestPaths.NewTempDir();
    public void Dispose() => _dir.Dispose();

    static (int Code, string Out, string Err) Run(params string[] args)
    {
        var root = new RootCommand();
        root.Subcommands.Add(RetrieveCommand.Create());
        root.Subcommands.Add(GenerateInstructionsCommand.Create());
        root.Subcommands.Add(DataCommand.Create());
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        var (o, e) = (new StringWriter(), new StringWriter());
        Console.SetOut(o); Console.SetError(e);
        try { return (root.Parse(args).Invoke(), o.ToString(), e.ToString()); }
        finally { Console.SetOut(oldOut); Console.SetError(oldErr); }
    }

    string TinyModel()
    {
        var dir = Path.Combine(_dir.Path, "model");
        using var model = PretrainedModel.Create(T5Config.Tiny with { VocabSize = 32128 }, seed: 1);
        PretrainedModel.Save(model, dir);
        return dir;
    }

    [Fact]
    public void Retrieve_writes_a_training_file_and_reports_the_task_mix_and_bad_options_are_one_line_errors()
    {
        var model = TinyModel();
        var data = Path.Combine(_dir.Path, "data", "toy", "validation.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(data)!);
        File.WriteAllLines(data, Enumerable.Range(0, 12).Select(i => $"{{\"text\": \"review number {i} says {(i % 2 == 0 ? "great" : "awful")}\", \"label\": {i % 2}}}"));
        File.Copy(TestPaths.TestData("instruction_formats", "flan_toy_sentiment.yaml"), Path.Combine(_dir.Path, "flan.yaml"));
        var flan = File.ReadAllText(Path.Combine(_dir.Path, "flan.yaml")).Replace("dataset: toy_sentiment", "dataset: toy");
        File.WriteAllText(Path.Combine(_dir.Path, "flan.yaml"), flan);
        var mixture = Path.Combine(_dir.Path, "pool.yaml");
        File.WriteAllLines(mixture, ["tasks:", "  - flan: flan.yaml", "    split: validation"]);
        var queries = Path.Combine(_dir.Path, "q.jsonl");
        File.WriteAllLines(queries, ["{\"inputs\": \"review number 3 says awful\"}", "{\"inputs\": \"a great film\"}"]);
        var outDir = Path.Combine(_dir.Path, "out");
        var (code, stdout, stderr) = Run("retrieve", "--pool", mixture, "--query", queries, "--model", model, "--k", "3",
            "--out", outDir, "--data", Path.Combine(_dir.Path, "data"), "--random-baseline");
        Assert.True(code == 0, stderr);
        Assert.Contains("pool: 24 examples", stderr);
        Assert.Contains("for 2 queries (k=3, exact index over 24)", stdout);
        var retrieved = RenderedJsonl.Read(Path.Combine(outDir, "train.jsonl"));
        Assert.InRange(retrieved.Count, 3, 6);
        Assert.All(retrieved, r => Assert.StartsWith("toy_flan_", r.Task));
        Assert.Equal(retrieved.Count, RenderedJsonl.Read(Path.Combine(outDir, "random.jsonl")).Count);

        (code, _, stderr) = Run("retrieve", "--pool", mixture, "--query", queries, "--model", model, "--out", outDir, "--index", "ivf");
        Assert.Equal(2, code);
        Assert.Equal("error: --index 'ivf': use exact, hnsw or auto", stderr.Trim());
        (code, _, stderr) = Run("retrieve", "--pool", "t0_trian", "--query", queries, "--model", model, "--out", outDir);
        Assert.Equal(2, code);
        Assert.StartsWith("error: --pool: unknown mixture or task 't0_trian'; closest: t0_train", stderr.Trim());
    }

    [Fact]
    public void Retrieve_reads_a_data_build_cache_as_its_pool()
    {
        var model = TinyModel();
        var tokenizer = TestPaths.TestData("tokenizers", "t5", "spiece.model");
        var cache = Path.Combine(_dir.Path, "cache");
        var (code, _, stderr) = Run("data", "build", "--mixture", "rotten_tomatoes_Movie_Expressed_Sentiment", "--split-fallback", "validation",
            "--out", cache, "--max-examples", "20", "--tokenizer", tokenizer);
        Assert.True(code == 0, stderr);
        var queries = Path.Combine(_dir.Path, "q.jsonl");
        File.WriteAllLines(queries, ["{\"text\": \"a wonderful movie\"}"]);
        var outDir = Path.Combine(_dir.Path, "out");
        (code, var stdout, stderr) = Run("retrieve", "--pool", cache, "--query", queries, "--model", model, "--k", "5", "--out", outDir, "--tokenizer", tokenizer);
        Assert.True(code == 0, stderr);
        Assert.Contains("pool: 20 examples", stderr);
        var retrieved = RenderedJsonl.Read(Path.Combine(outDir, "train.jsonl"));
        Assert.Equal(5, retrieved.Count);
        Assert.All(retrieved, r => Assert.Equal("rotten_tomatoes_Movie_Expressed_Sentiment", r.Task));
        // Another tokenizer file than the cache's is refused.
        (code, _, stderr) = Run("retrieve", "--pool", cache, "--query", queries, "--model", model, "--out", outDir,
            "--tokenizer", TestPaths.TestData("tokenizers", "t5", "tokenizer.json"));
        Assert.Equal(2, code);
        Assert.Contains("rebuild it with this tokenizer", stderr);
    }

    [Fact]
    public void Generate_instructions_runs_on_a_random_model_and_says_what_it_dropped()
    {
        var model = TinyModel();
        var output = Path.Combine(_dir.Path, "gen.jsonl");
        var (code, stdout, stderr) = Run("generate-instructions", "--model", model, "--seeds", TestPaths.RepoPath("configs", "data", "unnatural-seeds.jsonl"),
            "--n", "2", "--out", output, "--max-attempts", "4", "--max-example-tokens", "8", "--max-output-tokens", "4");
        Assert.Equal(1, code);   // a random model writes nothing parseable: nothing kept
        Assert.Contains("0 example(s) and 0 paraphrase(s) written", stdout);
        Assert.Contains("from 4 prompts (dropped: 4 unparseable", stdout);
        Assert.True(File.Exists(output));
        (code, _, stderr) = Run("generate-instructions", "--model", model, "--seeds", Path.Combine(_dir.Path, "none.jsonl"), "--n", "2", "--out", output);
        Assert.Equal(2, code);
        Assert.Contains("error: seed file", stderr);
    }
}
