using System.CommandLine;
using T0Sharp.Cli.Commands;
using T0Sharp.Tests;

namespace T0Sharp.Prompts.Tests.Templates;

/// <summary><c>t0sharp prompts render|validate|list</c> end to end, compared with the golden lines.</summary>
[Collection("Console")]
public class PromptsCliTests
{
    static (int Code, string Out, string Err) Run(params string[] args)
    {
        var root = new RootCommand { PromptsCommand.Create() };
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        using var o = new StringWriter();
        using var e = new StringWriter();
        Console.SetOut(o);
        Console.SetError(e);
        try { return (root.Parse(["prompts", .. args]).Invoke(), o.ToString(), e.ToString()); }
        finally { Console.SetOut(oldOut); Console.SetError(oldErr); }
    }

    [Theory]
    [InlineData("head", "super_glue", "cb", "real:")]
    [InlineData("head", "hellaswag", null, "real:")]
    [InlineData("head", "squad_v2", null, "synthetic")]
    [InlineData("head", "multi_news", null, "synthetic")]
    [InlineData("v0.1.0", "trec", null, "real-renamed:")]
    public void Render_reproduces_the_golden_lines(string collection, string dataset, string? subset, string source)
    {
        var group = GoldenFiles.Groups.First(g => g.Collection == collection && g.Dataset == dataset && g.Subset == subset
                                                  && g.Source.StartsWith(source, StringComparison.Ordinal));
        using var dir = TestPaths.NewTempDir();
        File.WriteAllText(dir.File("in.jsonl"), string.Join("\n", group.Inputs) + "\n");
        string[] args = ["render", "--templates", GoldenFiles.CollectionDir(collection), "--dataset", dataset,
            "--input", dir.File("in.jsonl"), "--output", dir.File("out.jsonl"), "--seed", group.Seed.ToString()];
        var (code, _, err) = Run(subset is null ? args : [.. args, "--subset", subset]);
        Assert.True(code == 0, err);
        var lines = File.ReadAllText(dir.File("out.jsonl")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(group.Outputs.Count, lines.Length);
        Assert.Equal(group.Outputs, lines);   // byte-identical to the Python reference, error lines included
    }

    [Fact]
    public void Render_selects_repeated_template_names_in_ordinal_order()
    {
        using var dir = TestPaths.NewTempDir();
        File.WriteAllText(dir.File("in.jsonl"), """{"premise": "It rained.", "hypothesis": "The ground is wet.", "label": 0, "idx": 0}""" + "\n");
        var (code, _, err) = Run("render", "--dataset", "super_glue", "--subset", "rte", "--input", dir.File("in.jsonl"),
            "--output", dir.File("out.jsonl"), "--template", "should assume", "--template", "GPT-3 style");
        Assert.True(code == 0, err);
        var lines = File.ReadAllLines(dir.File("out.jsonl"));
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("{\"example\": 0, \"template\": \"GPT-3 style\", \"id\": ", lines[0]);
        Assert.StartsWith("{\"example\": 0, \"template\": \"should assume\", \"id\": ", lines[1]);
    }

    [Fact]
    public void Render_accepts_unicode_template_names_and_keeps_going_after_errors()
    {
        using var dir = TestPaths.NewTempDir();
        Directory.CreateDirectory(Path.Combine(dir.Path, "demo"));
        File.WriteAllText(Path.Combine(dir.Path, "demo", "templates.yaml"), """
            dataset: demo
            templates:
              a: !Template
                id: a
                jinja: '{{ words | choice }} ||| {{ text }}'
                name: "na\xEFve \u2713 prompt \U0001F60D"
              b: !Template
                id: b
                jinja: '{{ text }}'
                name: plain
            """);
        File.WriteAllText(dir.File("in.jsonl"), "{\"words\": [], \"text\": \"a\"}\n\n{\"words\": [\"w\"], \"text\": \"b ||| c\"}\n");
        var (code, _, err) = Run("render", "--templates", dir.Path, "--dataset", "demo", "--input", dir.File("in.jsonl"),
            "--output", dir.File("out.jsonl"), "--template", "naïve ✓ prompt 😍", "--seed", "3");
        Assert.True(code == 0, err);
        var lines = File.ReadAllLines(dir.File("out.jsonl"));
        Assert.Equal(
        [
            "{\"example\": 0, \"template\": \"naïve ✓ prompt 😍\", \"id\": \"a\", \"parts\": [], \"answer_choices\": null, \"error\": \"IndexError: Cannot choose from an empty sequence\"}",
            "{\"example\": 1, \"template\": \"naïve ✓ prompt 😍\", \"id\": \"a\", \"parts\": [\"w\", \"b ||| c\"], \"answer_choices\": null, \"error\": null}",
        ], lines);
    }

    [Fact]
    public void Render_fails_cleanly_on_bad_input_and_keeps_the_previous_output()
    {
        using var dir = TestPaths.NewTempDir();
        File.WriteAllText(dir.File("in.jsonl"), "{\"premise\": \"ok\"}\n{not json\n");
        File.WriteAllText(dir.File("out.jsonl"), "previous\n");
        var (code, _, err) = Run("render", "--dataset", "super_glue", "--subset", "rte", "--input", dir.File("in.jsonl"),
            "--output", dir.File("out.jsonl"));
        Assert.Equal(2, code);
        Assert.Contains("example 1", err);
        Assert.Equal("previous\n", File.ReadAllText(dir.File("out.jsonl")));
        var (code2, _, err2) = Run("render", "--dataset", "super_glue", "--subset", "rte", "--input", dir.File("in.jsonl"),
            "--output", dir.File("out.jsonl"), "--template", "no such name");
        Assert.Equal(2, code2);
        Assert.Contains("no template named 'no such name'", err2);
    }

    [Fact]
    public void Validate_and_list_work_on_the_built_in_collection()
    {
        var (code, _, err) = Run("validate");
        Assert.True(code == 0, err);
        Assert.Contains("279 files, 2085 templates", err);
        var (listCode, listOut, _) = Run("list", "--dataset", "super_glue", "--subset", "rte");
        Assert.Equal(0, listCode);
        Assert.Contains("GPT-3 style\t", listOut);
        Assert.Contains("answer_choices=fixed(2)", listOut);
    }

    [Fact]
    public void Validate_reports_problems_with_exit_code_1()
    {
        using var dir = TestPaths.NewTempDir();
        Directory.CreateDirectory(Path.Combine(dir.Path, "demo"));
        File.WriteAllText(Path.Combine(dir.Path, "demo", "templates.yaml"), "dataset: demo\ntemplates:\n  a: !Template\n    id: a\n   name: x\n");
        var (code, output, _) = Run("validate", "--templates", dir.Path);
        Assert.Equal(1, code);
        Assert.Matches(@"templates\.yaml:\d+:\d+: malformed YAML", output);
    }
}
