using T0Sharp.Cli.Tests.Support;
using T0Sharp.Tests;

namespace T0Sharp.Cli.Tests;

/// <summary><c>prompts</c>, <c>data</c> and <c>tokenize</c>: no silent successes, strict UTF-8.</summary>
public class PromptsAndDataBadInputTests
{
    [Fact]
    public void Validate_on_a_missing_or_empty_templates_folder_is_bad_input()
    {
        using var dir = TestPaths.NewTempDir();
        CliRun.AssertBadInput(CliRun.Run("prompts", "validate", "--templates", "/nonexistent"), "--templates /nonexistent: no such folder");
        CliRun.AssertBadInput(CliRun.Run("prompts", "validate", "--templates", dir.Path), "no templates.yaml");
        CliRun.AssertBadInput(CliRun.Run("prompts", "list", "--templates", dir.Path), "no templates.yaml");
    }

    [Fact]
    public void Render_where_every_record_is_an_error_exits_1_and_says_so()
    {
        using var dir = TestPaths.NewTempDir();
        Directory.CreateDirectory(Path.Combine(dir.Path, "demo"));
        File.WriteAllText(Path.Combine(dir.Path, "demo", "templates.yaml"), """
            dataset: demo
            templates:
              a: !Template
                id: a
                jinja: '{{ words | choice }} ||| {{ text }}'
                name: pick
            """);
        string[] render = ["prompts", "render", "--templates", dir.Path, "--dataset", "demo", "--input", dir.File("in.jsonl"), "--output", dir.File("out.jsonl")];
        // choice from an empty list: IndexError in every record
        File.WriteAllText(dir.File("in.jsonl"), "{\"words\": [], \"text\": \"a\"}\n{\"words\": [], \"text\": \"b\"}\n");
        CliRun.AssertError(CliRun.Run(render), 1, "every record is an error", "example 0, template 'pick': IndexError");
        Assert.Equal(2, File.ReadAllLines(dir.File("out.jsonl")).Length);   // the records are still written, for inspection
        File.WriteAllText(dir.File("in.jsonl"), "{\"words\": [], \"text\": \"a\"}\n{\"words\": [\"w\"], \"text\": \"b\"}\n");
        var r = CliRun.Run(render);
        Assert.True(r.Code == 0, r.ToString());   // some records rendered: the errors are data, not a failure
        File.WriteAllText(dir.File("empty.jsonl"), "\n");
        CliRun.AssertBadInput(CliRun.Run(["prompts", "render", "--templates", dir.Path, "--dataset", "demo", "--input", dir.File("empty.jsonl"),
            "--output", dir.File("out2.jsonl")]), "empty.jsonl: no examples");
    }

    [Fact]
    public void Render_rejects_bytes_that_are_not_utf8_naming_the_line()
    {
        using var dir = TestPaths.NewTempDir();
        File.WriteAllBytes(dir.File("in.jsonl"), Fixtures.JsonlWithBadUtf8());
        CliRun.AssertBadInput(CliRun.Run("prompts", "render", "--dataset", "super_glue", "--subset", "cb", "--input", dir.File("in.jsonl"),
            "--output", dir.File("out.jsonl")), "in.jsonl:2: not valid UTF-8 (0xE9) at byte 17 of the line");
        Assert.False(File.Exists(dir.File("out.jsonl")));
    }

    [Fact]
    public void Data_inspect_rejects_bytes_that_are_not_utf8_naming_the_line()
    {
        using var dir = TestPaths.NewTempDir();
        var data = Fixtures.CbData(dir, "jsonl", Fixtures.JsonlWithBadUtf8());
        var r = CliRun.Run("data", "inspect", "--mixture", "super_glue_cb_can_we_infer", "--data", data, "--split-fallback", "validation",
            "--shuffle-block", "0", "--n", "2", "--tokenizer", Fixtures.T5Tokenizer);
        CliRun.AssertBadInput(r, "validation.jsonl:2: not valid UTF-8");
    }

    [Fact]
    public void Csv_with_bytes_that_are_not_utf8_names_the_line()
    {
        using var dir = TestPaths.NewTempDir();
        var path = dir.File("x.csv");
        File.WriteAllBytes(path, [.. "a,b\n1,ok\n2,caf"u8, 0xE9, .. "\n"u8]);
        var e = Assert.ThrowsAny<T0Sharp.Core.UserError>(() => T0Sharp.Data.Sources.DatasetDirectory.OpenFile(path).Read().ToList());
        Assert.Contains("x.csv:3: not valid UTF-8", e.Message);
    }
}
