using T0Sharp.Data.Mixtures;
using T0Sharp.Data.Sources;
using T0Sharp.Data.Tasks;
using T0Sharp.Tests;

namespace T0Sharp.Data.Tests.Tasks;

/// <summary>Tasks with the real promptsource collection and the bundled datasets.</summary>
public class RealTemplateTests
{
    static readonly Lazy<PromptCollectionProvider> Head = new(() => PromptCollectionProvider.Load(TestPaths.RepoPath("assets", "promptsource", "templates")));
    static readonly Lazy<PromptCollectionProvider> V010 = new(() => PromptCollectionProvider.Load(TestPaths.RepoPath("assets", "promptsource", "v0.1.0", "templates")));
    static DatasetDirectory Bundled => new(TestPaths.RepoPath("assets", "datasets"));

    [Fact]
    public void Rte_gpt3_style_renders_the_first_validation_record()
    {
        var template = Head.Value.ForDataset("super_glue", "rte").Single(t => t.Name == "GPT-3 style");
        var task = new PromptTask("super_glue", "rte", "validation", template);
        Assert.Equal("super_glue_rte_GPT_3_style", task.Name);
        Assert.True(template.OriginalTask);
        var row = Bundled.Open("super_glue", "rte", "validation")!.Read().First();
        var ex = task.Process(row, streamSeed: 0, epoch: 0)!;
        Assert.Equal("Dana Reeve, the widow of the actor Christopher Reeve, has died of lung cancer at age 44, according to the Christopher Reeve Foundation.\n" +
                     "Question: Christopher Reeve had an accident. True or False?", ex.Inputs);
        Assert.Equal("False", ex.Targets);
        Assert.Equal(["True", "False"], ex.AnswerChoices);
    }

    [Fact]
    public void Trec_hyphenated_fields_reach_v010_templates_after_renaming()
    {
        var templates = V010.Value.ForDataset("trec", null);
        Assert.NotEmpty(templates);
        var rows = Bundled.Open("trec", null, "test")!.Read().Take(20).ToList();
        int kept = 0;
        foreach (var t in templates)
            foreach (var row in rows)
                if (new PromptTask("trec", null, "test", t).Process(row, 0, 0) is { IsUnlabeled: false }) kept++;
        Assert.True(kept > templates.Count * rows.Count / 4, $"only {kept} trec examples rendered with a label");
    }

    [Fact]
    public void Evaluation_suite_renders_on_the_bundled_data()
    {
        var catalog = new MixtureCatalog(Bundled, Head.Value, lists: T0DatasetList.Load(TestPaths.RepoPath("assets", "promptsource", "t0")));
        var m = catalog.Resolve(T0Mixtures.T0EvalScoreEval);
        Assert.Equal(111, m.Components.Count);                          // 86 templates, ANLI x3, story_cloze's 5 missing
        Assert.Contains(m.Warnings, w => w.Contains("story_cloze/2016"));
        using var stream = new MixtureStream(m, catalog.Data, seed: 0);
        var pipeline = new ExamplePipeline(stream, null, new PipelineOptions(ChunkSize: 50, DropUnlabeled: false));
        var items = pipeline.Items().Take(400).ToList();
        Assert.True(items.Count(i => i.Example != null) >= 380, $"{pipeline.DroppedByTemplate} of 400 draws dropped");
        Assert.All(items.Where(i => i.Example?.AnswerChoices != null), i => Assert.Contains(i.Example!.Targets.Trim(), i.Example.AnswerChoices!));
    }
}
