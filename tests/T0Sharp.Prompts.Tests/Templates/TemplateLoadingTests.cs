using System.Text.Json;
using T0Sharp.Prompts.Templates;

namespace T0Sharp.Prompts.Tests.Templates;

/// <summary>The YamlDotNet loader reproduces PyYAML on every template of the P3 collection and of v0.1.0.</summary>
public class TemplateLoadingTests
{
    [Theory]
    [InlineData("head", 279, 2085)]
    [InlineData("v0.1.0", 65, 562)]
    public void Collection_has_expected_files_and_templates(string collection, int files, int templates)
    {
        var c = TemplateCollection.Load(GoldenFiles.CollectionDir(collection));
        Assert.Equal(files, c.Keys.Count);
        Assert.Equal(templates, c.All.Sum(f => f.Templates.Count));
        Assert.Empty(c.All.SelectMany(f => f.Problems));
    }

    [Theory]
    [InlineData("head")]
    [InlineData("v0.1.0")]
    public void Every_template_matches_PyYAML(string collection)
    {
        var c = TemplateCollection.Load(GoldenFiles.CollectionDir(collection));
        var expected = GoldenFiles.Templates.Where(t => t.Str("collection") == collection).ToList();
        Assert.NotEmpty(expected);
        var mismatches = new List<string>();
        foreach (var e in expected)
        {
            var t = c.Get(e.Str("dataset")!, e.Str("subset"), e.Str("name")!);
            void Check(string field, object? want, object? got)
            {
                if (!Equals(want, got)) mismatches.Add($"{e.Str("file")} '{t.Name}' {field}: expected {Show(want)}, got {Show(got)}");
            }
            Check("id", e.Str("id"), t.Id);
            Check("jinja", e.Str("jinja"), t.Jinja);
            Check("answer_choices", e.Str("answer_choices"), t.AnswerChoices);
            Check("reference", e.Str("reference") ?? "", t.Reference);
            var m = e.GetProperty("metadata");
            Check("original_task", m.GetProperty("original_task").ValueKind == JsonValueKind.True, t.Metadata.OriginalTask);  // null (one v0.1.0 template) reads as false
            var cip = m.GetProperty("choices_in_prompt");
            Check("choices_in_prompt", cip.ValueKind == JsonValueKind.Null ? null : cip.GetBoolean(), t.Metadata.ChoicesInPrompt);
            Check("metrics", Join(m, "metrics"), string.Join("\u0001", t.Metadata.Metrics));
            Check("languages", Join(m, "languages"), string.Join("\u0001", t.Metadata.Languages));
            var fixedChoices = e.GetProperty("fixed_answer_choices");
            var gotFixed = t.GetFixedAnswerChoices();
            Check("fixed_answer_choices",
                fixedChoices.ValueKind == JsonValueKind.Null ? null : string.Join("\u0001", fixedChoices.EnumerateArray().Select(x => x.GetString())),
                gotFixed is null ? null : string.Join("\u0001", gotFixed));
        }
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} mismatches:\n" + string.Join("\n", mismatches.Take(20)));
    }

    [Fact]
    public void Templates_are_in_ordinal_order_and_looked_up_by_name()
    {
        var file = TemplateCollection.Load(GoldenFiles.CollectionDir("head")).Get("super_glue", "rte");
        Assert.Equal(file.Names.Order(StringComparer.Ordinal), file.Names);
        Assert.Equal("GPT-3 style", file["GPT-3 style"].Name);
        var e = Assert.Throws<KeyNotFoundException>(() => file["no such template"]);
        Assert.Contains("'GPT-3 style'", e.Message);
    }

    [Fact]
    public void User_namespaces_and_aliases_load()
    {
        var c = TemplateCollection.Load(GoldenFiles.CollectionDir("head"));
        Assert.True(c.Contains("craffel/openai_lambada"));
        Assert.True(c.Contains("Zaid/coqa_expanded"));
        Assert.True(c.Contains("super_glue", "rte"));
        var squad = c.Get("squad_v2");
        // squad_v2 reuses a metadata mapping through an anchor (&id001) and alias (*id001).
        Assert.Equal(12, squad.Templates.Count);
        Assert.Contains("no templates for 'super_glue/rtee'", Assert.Throws<KeyNotFoundException>(() => c.Get("super_glue", "rtee")).Message);
    }

    static string Join(JsonElement m, string key) =>
        m.TryGetProperty(key, out var v) ? string.Join("\u0001", v.EnumerateArray().Select(x => x.GetString())) : "";

    static string Show(object? v) => v is null ? "null" : JsonSerializer.Serialize(v);
}
