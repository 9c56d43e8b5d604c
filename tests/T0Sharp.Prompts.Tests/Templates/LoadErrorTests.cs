using T0Sharp.Prompts.Templates;
using T0Sharp.Tests;

namespace T0Sharp.Prompts.Tests.Templates;

/// <summary>Malformed YAML, missing keys, duplicate names and template syntax errors point at file, line and column.</summary>
public class LoadErrorTests
{
    const string Good = """
        dataset: demo
        templates:
          a1: !Template
            answer_choices: Yes ||| No
            id: a1
            jinja: '{{ premise }} ||| {{ answer_choices[label] }}'
            metadata: !TemplateMetadata
              choices_in_prompt: false
              metrics:
              - Accuracy
              original_task: true
            name: first
            reference: ''
        """;

    static string Write(TempDir dir, string dataset, string yaml)
    {
        Directory.CreateDirectory(Path.Combine(dir.Path, dataset));
        var file = Path.Combine(dir.Path, dataset, "templates.yaml");
        File.WriteAllText(file, yaml);
        return file;
    }

    [Fact]
    public void Malformed_yaml_names_file_line_column_and_offending_line()
    {
        using var dir = TestPaths.NewTempDir();
        var file = Write(dir, "demo", Good.Replace("    name: first", "    name: first\n   bad: [unclosed"));
        var c = TemplateCollection.Load(dir.Path);
        var e = Assert.Throws<TemplateLoadException>(() => c.Get("demo"));
        Assert.Equal(file, e.Problem.File);
        Assert.InRange(e.Problem.Line, 13, 15);
        Assert.Contains("bad: [unclosed", e.Message);
        var problem = Assert.Single(c.Validate());
        Assert.StartsWith($"{file}:{e.Problem.Line}:{e.Problem.Column}: malformed YAML", problem.ToString());
    }

    [Fact]
    public void Missing_keys_and_duplicate_names_are_reported_and_the_rest_loads()
    {
        using var dir = TestPaths.NewTempDir();
        var yaml = Good + """

              b2: !Template
                id: b2
                jinja: 'x'
                name: first
              c3: !Template
                id: c3
                name: no jinja
            """;
        var file = Write(dir, "demo", yaml);
        var templates = TemplateCollection.Load(dir.Path).Get("demo");
        Assert.Equal(2, templates.Templates.Count);
        var problems = templates.Validate().Select(p => p.ToString()).ToList();
        Assert.Contains(problems, p => p.StartsWith($"{file}:17:11: duplicate template name 'first'"));
        Assert.Contains(problems, p => p.StartsWith($"{file}:18:") && p.Contains("missing key 'jinja'"));
    }

    [Fact]
    public void Template_syntax_error_is_located_in_the_yaml_file()
    {
        using var dir = TestPaths.NewTempDir();
        var file = Write(dir, "demo", Good.Replace("'{{ premise }} |||", "'{{ premise ) }} |||"));
        var problem = Assert.Single(TemplateCollection.Load(dir.Path).Validate());
        Assert.Equal(file, problem.File);
        Assert.Equal(6, problem.Line);
        Assert.InRange(problem.Column, 12, 30);
        Assert.Contains("template 'first' jinja", problem.Message);
        Assert.Contains("{{ premise ) }}", problem.Message);
    }

    [Fact]
    public void Escapes_and_folding_follow_yaml()
    {
        var yaml = Good.Replace("jinja: '{{ premise }} ||| {{ answer_choices[label] }}'",
            "jinja: \"a\\U0001F60D\\xFC\\u2026\\\n      \\ b\n\n      c\\\"\\\\\"");
        var t = DatasetTemplates.Parse(yaml).Templates.Single();
        Assert.Equal("a😍ü… b\nc\"\\", t.Jinja);
        Assert.Equal("Yes ||| No", t.AnswerChoices);
        Assert.True(t.Metadata.OriginalTask);
        Assert.False(t.Metadata.ChoicesInPrompt);
        Assert.Equal(["Accuracy"], t.Metadata.Metrics);
        Assert.Empty(t.Metadata.Languages);
    }
}
