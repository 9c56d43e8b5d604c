using T0Sharp.Data.Mixtures;
using T0Sharp.Data.Sources;
using T0Sharp.Data.Tasks;
using T0Sharp.Data.Tests.Support;
using T0Sharp.Tests;

namespace T0Sharp.Data.Tests.Mixtures;

public class T0MixturesTests
{
    /// <summary>Two fake original-task templates with choices for every dataset of datasets.csv; the eval list's names for held-out ones.</summary>
    sealed class EveryDataset(T0DatasetList lists) : ITemplateProvider
    {
        public IReadOnlyList<ITaskTemplate> ForDataset(string dataset, string? subset)
        {
            var eval = lists.EvalTemplates.Where(e => e.Dataset == dataset && e.Subset == subset).Select(e => e.Template).ToList();
            var names = eval.Count > 0 ? eval : ["first", "second"];
            return names.Select(n => (ITaskTemplate)new FakeTemplate(n, (ex, _) => [$"{n}: {ex["text"]}", "yes"], choices: ["yes", "no"])).ToList();
        }
    }

    static readonly T0DatasetList Lists = T0DatasetList.Load(TestPaths.RepoPath("assets", "promptsource", "t0"));
    static DatasetDirectory Bundled => new(TestPaths.RepoPath("assets", "datasets"));

    [Fact]
    public void Dataset_lists_match_the_paper()
    {
        Assert.Equal(38, Lists.Training("BASE").Count());
        Assert.Equal(10, Lists.Training("GPT_EVAL").Count());
        Assert.Equal(6, Lists.Training("SGLUE").Count());
        Assert.Equal(9, Lists.HeldOut.Count());
        Assert.Equal(86, Lists.EvalTemplates.Count);
        Assert.Equal(3668, Lists.Datasets.Single(d => d.Key == "glue/mrpc").TrainSize);
        Assert.Null(Lists.Datasets.Single(d => d.Key == "story_cloze/2016").TrainSize);
    }

    [Fact]
    public void T0_rule_caps_large_datasets_per_template()
    {
        Assert.Equal(3668, MixingRates.T0(3668, 7));
        Assert.Equal(500_000, MixingRates.T0(500_000, 9));
        Assert.Equal(55_555, MixingRates.T0(3_600_000, 9));           // amazon_polarity: 500000 // 9
        Assert.Equal(10.0, MixingRates.Temperature(100, 2), 12);
        Assert.Equal(Math.Pow(500_000, 0.5), MixingRates.NumExamples(3_600_000, 500_000, 2), 9);
    }

    [Fact]
    public void Training_mixture_lists_missing_datasets_instead_of_dropping_them()
    {
        var m = new T0Mixtures(Lists, Bundled, new EveryDataset(Lists)).Training(T0Mixtures.T0Train, "BASE");
        Assert.Empty(m.Components);                                    // the bundled slices hold no train split
        Assert.StartsWith("38 dataset(s) of t0_train missing", m.Warnings[0]);
        Assert.Contains("glue/mrpc", m.Warnings[0]);
        Assert.Contains("gigaword", m.Warnings[0]);
    }

    [Fact]
    public void Split_fallback_uses_local_splits_and_full_dataset_rates()
    {
        var options = new MixtureBuildOptions { SplitFallbacks = ["validation", "test"] };
        var m = new T0Mixtures(Lists, Bundled, new EveryDataset(Lists), options).Training(T0Mixtures.T0Train, "BASE");
        var datasets = m.Components.Select(c => c.Task.DatasetKey).Distinct().Order().ToList();
        Assert.Equal(["ag_news", "cos_e/v1.11", "glue/mrpc", "imdb", "ropes", "rotten_tomatoes", "social_i_qa", "trec"], datasets);
        var mrpc = m.Components.Where(c => c.Task.DatasetKey == "glue/mrpc").ToList();
        Assert.Equal(["glue_mrpc_first", "glue_mrpc_second"], mrpc.Select(c => c.Task.Name));
        Assert.All(mrpc, c => Assert.Equal(("validation", 3668.0), (c.Task.Split, c.Rate)));
        Assert.Equal("test", m.Components.First(c => c.Task.Dataset == "imdb").Task.Split);
        Assert.Contains("glue/mrpc: no 'train' split locally, using 'validation'", m.Warnings);
        Assert.StartsWith("30 dataset(s) of t0_train missing", m.Warnings[0]);
    }

    [Fact]
    public void Evaluation_suite_uses_original_templates_and_anli_rounds()
    {
        var m = new T0Mixtures(Lists, Bundled, new EveryDataset(Lists)).HeldOutScoreEval();
        var anli = m.Components.Where(c => c.Task.Dataset == "anli").ToList();
        Assert.Equal(45, anli.Count);                                 // 15 templates x 3 rounds
        Assert.Contains(anli, c => c.Task.Name == "anli_GPT_3_style_r2_score_eval" && c.Task.Split == "dev_r2" && c.Rate == 1000);
        Assert.Equal(10, m.Components.Count(c => c.Task.DatasetKey == "super_glue/rte"));
        Assert.Contains("story_cloze/2016", m.Warnings[0]);
        Assert.Equal(86 - 5 + 30, m.Components.Count);                // story_cloze's 5 missing; anli counted 3x
    }

    [Fact]
    public void Registry_names_and_unknown_names()
    {
        var reg = new T0Mixtures(Lists, Bundled, new EveryDataset(Lists)).CreateRegistry();
        Assert.Equal(["bias_fairness_eval_score_eval", "t0++_train", "t0+_train", "t0_eval_score_eval", "t0_train", "t0_train_all_og_prompts",
                      "t0_train_one_og_prompt", "t0_train_score_eval"], reg.Names);
        var e = Assert.Throws<KeyNotFoundException>(() => reg.Get("t0_eval_score_evl"));
        Assert.Contains("closest: t0_eval_score_eval", e.Message);
        Assert.Equal(T0Mixtures.T0EvalScoreEval, reg.Get("t0_eval_score_eval").Name);
    }
}
