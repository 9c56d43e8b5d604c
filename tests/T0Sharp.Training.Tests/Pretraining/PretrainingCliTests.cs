using System.CommandLine;
using T0Sharp.Cli.Commands;
using T0Sharp.Tests;

namespace T0Sharp.Training.Tests.Pretraining;

/// <summary>`t0sharp train` on a pretraining config with bad input: one line naming what is wrong, exit code 2.</summary>
public class PretrainingCliTests
{
    static (int Code, string Out, string Err) Train(params string[] args)
    {
        var root = new RootCommand();
        root.Subcommands.Add(TrainCommand.Create());
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        var (o, e) = (new StringWriter(), new StringWriter());
        Console.SetOut(o); Console.SetError(e);
        try { return (root.Parse(["train", TestPaths.RepoPath("configs", "pretrain-span-corruption-tiny.yaml"), .. args]).Invoke(), o.ToString(), e.ToString()); }
        finally { Console.SetOut(oldOut); Console.SetError(oldErr); }
    }

    [Fact]
    public void Bad_settings_and_bad_text_files_exit_2_with_one_line()
    {
        using var dir = TestPaths.NewTempDir();
        string[] common = ["--run.output_dir=" + dir.Path, "--model.init_from=" + TestPaths.TestData("models", "tiny-t0-t5-v1_1-gated-gelu"),
            "--logging.progress=none"];

        var (code, _, err) = Train([.. common, "--pretraining.objective=bert"]);
        Assert.Equal(2, code);
        Assert.StartsWith("error: override '--pretraining.objective=bert': pretraining.objective = 'bert' is not one of:", err);

        (code, _, err) = Train([.. common, "--data.target_length=10", "--data.text_files=" + TestPaths.RepoPath("assets", "pretraining", "tiny-corpus.txt")]);
        Assert.Equal(2, code);
        Assert.Equal("error: span corruption (density 0.15, mean span 3) with data.input_length 64 makes targets of 14 tokens: set data.target_length to at least 14 (it is 10)",
            err.Trim());

        var jsonl = dir.File("corpus.jsonl");
        File.WriteAllText(jsonl, "{\"text\": \"a document\"}\n{\"content\": \"no text field\"}\n");
        (code, _, err) = Train([.. common, "--data.text_files=" + jsonl]);
        Assert.Equal(2, code);
        Assert.Equal($"error: {jsonl}:2: no \"text\" field (data.text_field names the field holding the text)", err.Trim());
        Assert.Single(err.Trim().Split('\n'));
    }
}
