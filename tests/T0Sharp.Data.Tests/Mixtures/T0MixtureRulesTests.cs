using System.Text.Json;
using T0Sharp.Data.Mixtures;
using T0Sharp.Data.Sources;
using T0Sharp.Data.Tasks;
using T0Sharp.Data.Tests.Support;
using T0Sharp.Tests;

namespace T0Sharp.Data.Tests.Mixtures;

/// <summary>
/// The eight t-zero mixtures against an independent reimplementation of t-zero's rules in Python
/// (tools/reference/t0_mixtures_ref.py → tests/TestData/t0-mixtures/*.json), on the bundled template collections and
/// a data folder that has every dataset of datasets.csv, so that only the rules decide which tasks exist.
/// </summary>
public sealed class T0MixtureRulesTests : IDisposable
{
    static readonly T0DatasetList Lists = T0DatasetList.Load(TestPaths.RepoPath("assets", "promptsource", "t0"));
    readonly TempDir _data = TestPaths.NewTempDir();

    public T0MixtureRulesTests()
    {
        // one record per split for every dataset, ANLI with its round splits
        foreach (var d in Lists.Datasets)
        {
            var dir = d.Subset == null ? _data.File(d.Dataset) : Path.Combine(_data.Path, d.Dataset, d.Subset);
            Directory.CreateDirectory(dir);
            var splits = d.Dataset == "anli" ? new[] { "train_r1", "train_r2", "train_r3", "dev_r1", "dev_r2", "dev_r3", "test_r1", "test_r2", "test_r3" }
                : ["train", "validation", "test"];
            foreach (var s in splits) File.WriteAllText(Path.Combine(dir, s + ".jsonl"), "{\"text\": \"x\"}\n");
        }
    }

    public void Dispose() => _data.Dispose();

    static JsonElement Golden(string collection) =>
        JsonDocument.Parse(File.ReadAllText(TestPaths.TestData("t0-mixtures", collection + ".json"))).RootElement.GetProperty("mixtures");

    static string Templates(string collection) =>
        collection == "head" ? TestPaths.RepoPath("assets", "promptsource", "templates") : TestPaths.RepoPath("assets", "promptsource", "v0.1.0", "templates");

    [Theory]
    [InlineData("head")]
    [InlineData("v0.1.0")]
    public void Eight_mixtures_hold_exactly_the_tasks_t_zero_rules_give(string collection)
    {
        var golden = Golden(collection);
        var registry = new T0Mixtures(Lists, new DatasetDirectory(_data.Path), PromptCollectionProvider.Load(Templates(collection))).CreateRegistry();
        Assert.Equal(T0Mixtures.Names.Order(StringComparer.Ordinal), registry.Names);
        foreach (var name in T0Mixtures.Names)
        {
            var expected = golden.GetProperty(name).GetProperty("tasks").EnumerateArray().Select(e => e.GetString()!).ToList();
            var mixture = registry.Get(name);
            Assert.DoesNotContain(mixture.Warnings, w => w.Contains("missing"));
            Assert.Equal(expected, mixture.Components.Select(c => c.Task.Name).Order(StringComparer.Ordinal).ToList());
        }
    }

    [Theory]
    [InlineData("head")]
    [InlineData("v0.1.0")]
    public void Figure_6_mixtures_have_t_zero_template_counts_per_dataset(string collection)
    {
        var golden = Golden(collection);
        var mixtures = new T0Mixtures(Lists, new DatasetDirectory(_data.Path), PromptCollectionProvider.Load(Templates(collection)));
        foreach (var (name, rule) in new[] { (T0Mixtures.T0Train, T0TemplateRule.All), (T0Mixtures.T0TrainAllOgPrompts, T0TemplateRule.AllOriginalTask),
                                             (T0Mixtures.T0TrainOneOgPrompt, T0TemplateRule.FirstOriginalTask) })
        {
            var expected = golden.GetProperty(name).GetProperty("per_dataset").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
            var actual = mixtures.Training(name, rule, "BASE").Components.GroupBy(c => c.Task.DatasetKey).ToDictionary(g => g.Key, g => g.Count());
            Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), actual.OrderBy(p => p.Key, StringComparer.Ordinal));
        }
    }

    [Theory] // read off the HEAD YAML files by hand: (all templates, original-task ones, the first original-task one by name)
    [InlineData("dream", null, 5, 2, "dream_baseline")]
    [InlineData("wiki_bio", null, 5, 1, "wiki_bio_who")]
    [InlineData("rotten_tomatoes", null, 10, 10, "rotten_tomatoes_Movie_Expressed_Sentiment")]
    [InlineData("app_reviews", null, 4, 0, null)]
    public void Template_counts_per_dataset_for_all_all_og_and_one_og(string dataset, string? subset, int all, int og, string? first)
    {
        var mixtures = new T0Mixtures(Lists, new DatasetDirectory(_data.Path), PromptCollectionProvider.Load(Templates("head")));
        int Count(T0TemplateRule rule) => mixtures.Training("m", rule, "BASE").Components.Count(c => c.Task.Dataset == dataset && c.Task.Subset == subset);
        Assert.Equal((all, og, og > 0 ? 1 : 0), (Count(T0TemplateRule.All), Count(T0TemplateRule.AllOriginalTask), Count(T0TemplateRule.FirstOriginalTask)));
        var one = mixtures.Training("m", T0TemplateRule.FirstOriginalTask, "BASE").Components.SingleOrDefault(c => c.Task.Dataset == dataset && c.Task.Subset == subset);
        Assert.Equal(first, one?.Task.Name);
    }

    [Fact]
    public void Prompt_subsets_keep_t_zero_s_cap_computed_over_all_templates()
    {
        var mixtures = new T0Mixtures(Lists, new DatasetDirectory(_data.Path), PromptCollectionProvider.Load(Templates("head")));
        double Rate(T0TemplateRule rule) => mixtures.Training("m", rule, "BASE").Components.First(c => c.Task.Dataset == "amazon_polarity").Rate;
        Assert.Equal(55_555, Rate(T0TemplateRule.All));                  // 3,600,000 > 500,000: 500,000 // 9 templates
        Assert.Equal(55_555, Rate(T0TemplateRule.AllOriginalTask));      // mixture_cap does not depend on the rule
        Assert.Equal(55_555, Rate(T0TemplateRule.FirstOriginalTask));
        Assert.Equal(3668, mixtures.Training("m", T0TemplateRule.FirstOriginalTask, "BASE").Components.Single(c => c.Task.DatasetKey == "glue/mrpc").Rate);
    }

    [Fact]
    public void First_original_task_template_follows_provider_order_and_the_blacklist_applies_after_choosing()
    {
        ITaskTemplate T(string name, bool og) => new FakeTemplate(name, (_, _) => ["a", "b"], og);
        var templates = new[] { T("a", false), T("b", true), T("c", true) };
        Assert.Equal(["b"], T0TemplateRules.Select(templates, T0TemplateRule.FirstOriginalTask).Select(t => t.Name));
        Assert.Equal(["b", "c"], T0TemplateRules.Select(templates, T0TemplateRule.AllOriginalTask).Select(t => t.Name));
        Assert.Equal(3, T0TemplateRules.Select(templates, T0TemplateRule.All).Count);

        // gigaword's first original-task template is blacklisted by name: t-zero then keeps no gigaword task (not the next one)
        var provider = new FakeTemplateProvider(new() { ["gigaword"] = [T("generate", false), T("summarize ", true), T("tldr", true)] });
        var m = new T0Mixtures(Lists, new DatasetDirectory(_data.Path), provider).Training("m", T0TemplateRule.FirstOriginalTask, "BASE");
        Assert.Empty(m.Components);
        Assert.Equal(["gigaword_tldr"], new T0Mixtures(Lists, new DatasetDirectory(_data.Path), provider)
            .Training("m", T0TemplateRule.AllOriginalTask, "BASE").Components.Select(c => c.Task.Name));
    }

    [Fact]
    public void Score_eval_tasks_are_named_and_split_as_t_zero_s()
    {
        var catalog = new MixtureCatalog(new DatasetDirectory(_data.Path), PromptCollectionProvider.Load(Templates("head")), lists: Lists);
        var eval = catalog.Resolve(T0Mixtures.T0EvalScoreEval);
        var anli = eval.Components.Single(c => c.Task.Name == "anli_GPT_3_style_r2_score_eval");
        Assert.Equal("dev_r2", anli.Task.Split);
        Assert.All(eval.Components, c => Assert.True(((PromptTask)c.Task).Template is { OriginalTask: true, HasAnswerChoices: true }));
        Assert.All(catalog.Resolve(T0Mixtures.BiasFairnessEvalScoreEval).Components, c => Assert.Equal("test", c.Task.Split));
        var selection = catalog.Resolve(T0Mixtures.T0TrainScoreEval);
        Assert.All(selection.Components, c => Assert.Equal("validation", c.Task.Split));
        Assert.DoesNotContain(selection.Components, c => c.Task.Name.Contains("imdb") || c.Task.Name.StartsWith("amazon_polarity"));
        // single tasks: the score-eval name, and the base name of an evaluation-only task
        Assert.Equal("validation", catalog.Resolve("super_glue_rte_GPT_3_style_score_eval").Components.Single().Task.Split);
        Assert.Equal("validation", catalog.Resolve("super_glue_rte_GPT_3_style").Components.Single().Task.Split);
        Assert.Equal("train", catalog.Resolve("glue_mrpc_equivalent").Components.Single().Task.Split);
        Assert.Equal("validation", catalog.Resolve("glue_mrpc_equivalent_score_eval").Components.Single().Task.Split);
    }
}
