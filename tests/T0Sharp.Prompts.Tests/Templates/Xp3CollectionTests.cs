using System.IO.Compression;
using System.Text.Json;
using T0Sharp.Prompts.Python;
using T0Sharp.Prompts.Templates;
using T0Sharp.Tests;

namespace T0Sharp.Prompts.Tests.Templates;

/// <summary>
/// The bundled xP3 and xP3mt prompt collections load as PyYAML reads them (tests/TestData/xp3/templates.jsonl.gz,
/// written by tools/reference/xp3_templates_ref.py): the fork's three-level namespaces, its multi-line quoted scalars
/// indented like their key, its one duplicated template id, and the HTML entities of its machine-translated prompts.
/// </summary>
public class Xp3CollectionTests
{
    static TemplateCollection Load(string collection) =>
        TemplateCollection.Load(TestPaths.RepoPath("assets", "promptsource", "xp3", collection, "templates"));

    static List<JsonElement> Expected()
    {
        using var gz = new GZipStream(File.OpenRead(TestPaths.TestData("xp3", "templates.jsonl.gz")), CompressionMode.Decompress);
        using var reader = new StreamReader(gz);
        var rows = new List<JsonElement>();
        while (reader.ReadLine() is { } line)
            if (line.Length > 0) rows.Add(JsonDocument.Parse(line).RootElement.Clone());
        return rows;
    }

    [Theory]
    [InlineData("tr13")]
    [InlineData("xp3mt")]
    public void Every_template_matches_PyYAML(string collection)
    {
        var c = Load(collection);
        var expected = Expected().Where(e => e.Str("collection") == collection).ToList();
        Assert.True(expected.Count > 1000);
        Assert.Equal(expected.Count, c.All.Sum(f => f.Templates.Count));
        var mismatches = new List<string>();
        foreach (var e in expected)
        {
            var file = c.Get(e.Str("dataset")!, e.Str("subset"));
            var t = file.Templates.SingleOrDefault(x => x.Id == e.Str("id"));
            if (t == null) { mismatches.Add($"{file.Key}: id {e.Str("id")} missing"); continue; }
            if (t.Name != e.Str("name")) mismatches.Add($"{file.Key} {t.Id}: name '{t.Name}'");
            if (t.Jinja != e.Str("jinja")) mismatches.Add($"{file.Key} '{t.Name}': jinja {JsonSerializer.Serialize(t.Jinja)}");
            if (t.AnswerChoices != e.Str("answer_choices")) mismatches.Add($"{file.Key} '{t.Name}': answer_choices");
            if (t.Metadata.OriginalTask != e.GetProperty("original_task").GetBoolean()) mismatches.Add($"{file.Key} '{t.Name}': original_task");
        }
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} mismatches:\n" + string.Join("\n", mismatches.Take(20)));
        // The only problem is the fork's own: two templates named 'abovesol' in codeparrot/apps/all.
        var problem = Assert.Single(c.Validate());
        Assert.Contains("duplicate template name 'abovesol'", problem.ToString());
    }

    [Fact]
    public void Namespaced_datasets_with_subsets_load_and_template_yaml_is_ignored()
    {
        var c = Load("tr13");
        Assert.True(c.Contains("Muennighoff/xwinograd", "en"));
        Assert.Equal(6, c.Get("Muennighoff/xwinograd", "en").Templates.Count);
        Assert.True(c.Contains("codeparrot/github-jupyter-text-code-pairs"));     // a namespace without subsets
        Assert.True(c.Contains("xquad", "xquad.en"));
        Assert.False(c.Contains("khalidalt/tydiqa-goldp", "indonesian"));         // template.yaml: promptsource ignores it too
    }

    [Fact]
    public void Html_entities_of_machine_translated_prompts_stay_as_written()
    {
        var t = Load("xp3mt").Get("xnli", "es")["justified in saying_esmt"];
        var example = new Dictionary<string, object?> { ["premise"] = "P.", ["hypothesis"] = "H", ["label"] = 0L };
        var result = t.Apply(example, new PyRandom(0));
        Assert.Equal(["P. ¿Estamos justificados al decir que &quot;H&quot;? ¿Sí, no o tal vez?", "Sí"], result.Parts);
    }
}
