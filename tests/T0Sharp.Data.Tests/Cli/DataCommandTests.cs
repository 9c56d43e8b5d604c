using System.CommandLine;
using T0Sharp.Cli.Commands;
using T0Sharp.Data.Cache;
using T0Sharp.Tests;

namespace T0Sharp.Data.Tests.Cli;

/// <summary>The `t0sharp data` commands end to end on the bundled data (console output is redirected, so one class).</summary>
public class DataCommandTests
{
    static readonly string Tokenizer = TestPaths.TestData("tokenizers", "t5", "spiece.model");

    static (int Code, string Out, string Err) Run(params string[] args)
    {
        var root = new RootCommand();
        root.Subcommands.Add(DataCommand.Create());
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        var (o, e) = (new StringWriter(), new StringWriter());
        Console.SetOut(o); Console.SetError(e);
        try { return (root.Parse(args).Invoke(), o.ToString(), e.ToString()); }
        finally { Console.SetOut(oldOut); Console.SetError(oldErr); }
    }

    [Fact]
    public void Build_then_inspect_a_cache()
    {
        using var dir = TestPaths.NewTempDir();
        var cache = dir.File("cache");
        var (code, stdout, stderr) = Run("data", "build", "--mixture", "t0_train", "--split-fallback", "validation,test",
            "--out", cache, "--max-examples", "300", "--tokenizer", Tokenizer, "--threads", "2");
        Assert.True(code == 0, stderr);
        Assert.Contains("no 'train' split locally, using 'validation'", stderr);
        Assert.Contains("wrote 300 examples", stdout);
        var index = new CacheReader(cache).Index;
        Assert.Equal(300, index.Examples);
        Assert.Equal("t0_train", index.Mixture);
        Assert.True(index.Tasks.Count(t => t.Examples > 0) > 20);
        Assert.InRange(index.MaxInputLength, 10, 100_000);
        Assert.Equal("t-zero", index.EosConvention);                        // T0's: inputs without EOS, targets with it
        var cached = new CacheReader(cache).Read().Select(x => x.Example).ToList();
        Assert.All(cached, x => Assert.NotEqual(1, x.Inputs[^1]));
        Assert.All(cached, x => Assert.Equal(1, x.Targets[^1]));

        (code, stdout, stderr) = Run("data", "inspect", "--cache", cache, "--n", "1", "--tokenizer", Tokenizer);
        Assert.True(code == 0, stderr);
        Assert.Contains("300 examples", stdout);
    }

    [Fact]
    public void Xp3_builds_from_the_bundled_slices_and_lists_its_languages()
    {
        using var dir = TestPaths.NewTempDir();
        var cache = dir.File("xp3");
        var (code, stdout, stderr) = Run("data", "build", "--mixture", "xp3", "--out", cache, "--max-examples", "120", "--tokenizer", Tokenizer, "--threads", "2");
        Assert.True(code == 0, stderr);
        Assert.Contains("wrote 120 examples", stdout);
        Assert.Contains("not in an xP3 language", stderr);
        Assert.Equal("xp3", new CacheReader(cache).Index.Mixture);

        (code, stdout, stderr) = Run("data", "list", "--mixture", "xp3mt");
        Assert.True(code == 0, stderr);
        Assert.Matches(@"│\s*ar\s*│\s*0[.,]0493\s*│\s*7[.,]59\s*%\s*│\s*23\s*│\s*4,600", stdout);
    }

    [Fact]
    public void List_names_the_eight_t_zero_mixtures()
    {
        var (code, stdout, stderr) = Run("data", "list");
        Assert.True(code == 0, stderr);
        foreach (var name in T0Sharp.Data.Mixtures.T0Mixtures.Names)
            Assert.Matches($@"(?m)^{System.Text.RegularExpressions.Regex.Escape(name)}\s+\S", stdout);
    }

    [Fact]
    public void Redirected_list_keeps_every_row_on_one_line_so_grep_finds_whole_names()
    {
        // Output goes to a StringWriter, as to a pipe: no wrapping at 80 columns, however long the names.
        var (code, stdout, stderr) = Run("data", "list", "--mixture", "t0_eval_score_eval");
        Assert.True(code == 0, stderr);
        var lines = stdout.Split('\n');
        Assert.Contains(lines, l => l.Length > 80);                   // at 80 columns these rows would wrap
        Assert.Contains(lines, l => l.Contains("super_glue_cb_GPT_3_style_score_eval"));
    }

    [Fact]
    public void Inspect_shows_rendered_examples_and_rates()
    {
        var (code, stdout, stderr) = Run("data", "inspect", "--mixture", "super_glue_rte_GPT_3_style", "--n", "1", "--tokenizer", Tokenizer, "--shuffle-block", "0");
        Assert.True(code == 0, stderr);
        Assert.Contains("Dana Reeve, the widow", stdout);                  // the first record (panels wrap long lines)
        Assert.Contains("draw 0: super_glue_rte_GPT_3_style", stdout);
        Assert.Contains("target tokens", stdout);
        Assert.Contains("100.00", stdout);                                 // the single task's share
    }

    [Fact]
    public void Explicit_rates_and_temperature_change_the_shares()
    {
        var (code, stdout, stderr) = Run("data", "list", "--mixture", "t0_eval_score_eval", "--rate", "super_glue_cb_GPT_3_style_score_eval=0", "--temperature", "2");
        Assert.True(code == 0, stderr);
        // (the 80-column table wraps the long score-eval names)
        Assert.Matches(@"super_glue_cb_GPT_3_style_s\S*\s*│\s*validation\s*│\s*0\s*│\s*0[.,]00", stdout);
        Assert.Matches(@"super_glue_rte_GPT_3_style_s\S*\s*│\s*validation\s*│\s*16[.,]643", stdout);   // 277^(1/2)
        (code, _, stderr) = Run("data", "list", "--mixture", "t0_eval_score_eval", "--rate", "super_glue_cb_GPT3_style_score_eval=1");
        Assert.Equal(2, code);
        Assert.Contains("closest: super_glue_cb_GPT_3_style_score_eval", stderr);
    }

    [Fact]
    public void Unknown_names_and_a_missing_tokenizer_file_are_clear_errors()
    {
        var (code, _, stderr) = Run("data", "inspect", "--mixture", "t0_eval_score_evl");
        Assert.Equal(2, code);
        Assert.Contains("closest: t0_eval_score_eval", stderr);
        using (var dir = TestPaths.NewTempDir())
        {
            // Without --tokenizer the bundled T5 vocabulary is used; a tokenizer path that does not exist is named.
            var missing = dir.File("no-such-spiece.model");
            (code, _, stderr) = Run("data", "build", "--mixture", "t0_eval_score_eval", "--out", dir.File("c"), "--tokenizer", missing);
            Assert.NotEqual(0, code);
            Assert.Contains("no-such-spiece.model", stderr);
            Assert.False(Directory.Exists(dir.File("c")));
        }
        var (c2, _, e2) = Run("data", "build", "--mixture", "t0_train", "--out", "/tmp/never", "--tokenizer", Tokenizer);
        Assert.Equal(2, c2);
        Assert.Contains("has no task with records", e2);
        Assert.Contains("38 dataset(s) of t0_train missing", e2);
    }
}
