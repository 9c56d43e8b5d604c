using T0Sharp.Data.Mixtures;
using T0Sharp.Data.Mixtures.Xp3;
using T0Sharp.Data.Sources;
using T0Sharp.Data.Tasks;
using T0Sharp.Tests;

namespace T0Sharp.Data.Tests.Mixtures.Xp3;

/// <summary>The xP3 mixtures over the bundled slices and the bundled xP3 collections.</summary>
public class Xp3BundledTests
{
    static readonly DatasetDirectory Bundled = new(TestPaths.RepoPath("assets", "datasets"));
    static readonly Xp3Sources Sources = Xp3Sources.Load(TestPaths.RepoPath("assets", "promptsource", "xp3"));
    static readonly Xp3Mixtures Mixtures = new(Sources.Lists, Bundled, Sources.EnglishPrompts, Sources.MtPrompts);

    [Fact]
    public void Lists_hold_bloomz_weights_and_xp3s_datasets()
    {
        Assert.Equal(46, Sources.Lists.LanguageWeights.Count);
        Assert.Equal(("en", 0.3924620202), Sources.Lists.LanguageWeights[0]);
        Assert.Equal(1.0137, Sources.Lists.LanguageWeights.Sum(w => w.Weight), 4);          // as published
        Assert.Equal(10, Sources.Lists.Datasets.Count(d => d.Role != Xp3Role.Train));         // 4 multilingual + 6 English held-out sets
        Assert.True(Sources.Lists.IsSkipped("glue", "qqp", "test", "anything"));
        Assert.True(Sources.Lists.IsSkipped("hellaswag", null, "test", "how_ends"));
        Assert.False(Sources.Lists.IsSkipped("hellaswag", null, "test", "complete_first_then_"));
        var xquad = Sources.Lists.Datasets.Single(d => d.Dataset == "xquad");
        Assert.Equal("ar", Sources.Lists.LanguageOf(xquad, "xquad.ar"));
        Assert.Null(Sources.Lists.LanguageOf(xquad, "xquad.de"));
        var tydiqa = Sources.Lists.Datasets.Single(d => d.Dataset == "khalidalt/tydiqa-primary");
        Assert.Equal("bn", Sources.Lists.LanguageOf(tydiqa, "bengali"));
    }

    [Fact]
    public void Xp3_over_the_bundled_slices()
    {
        var m = Mixtures.Build(Xp3Mixtures.Xp3);
        Assert.Equal(202, m.Components.Count);
        var languages = Xp3Mixtures.Languages(m, Sources.Lists, Bundled);
        Assert.Equal(["en", "es", "ar", "zh", "hi", "vi"], languages.Select(l => l.Language));
        Assert.Equal([194_360L, 1800, 1800, 1800, 1800, 1800], languages.Select(l => l.Records));
        // Shares are BLOOMZ's weights renormalised over the six languages present.
        double sum = new[] { "en", "es", "ar", "zh", "hi", "vi" }.Sum(l => Sources.Lists.Weights[l]);
        Assert.All(languages, l => Assert.Equal(Sources.Lists.Weights[l.Language] / sum, l.Share, 12));
        // xquad.ar is trained with xquad.en's nine English prompts; the held-out sets are not trained on.
        Assert.Equal(9, m.Components.Count(c => c.Task.DatasetKey == "xquad/xquad.ar"));
        Assert.DoesNotContain(m.Components, c => c.Task.Dataset is "xnli" or "xcopa" or "xwinograd" or "anli");
        Assert.DoesNotContain(m.Components, c => c.Task.DatasetKey is "super_glue/cb" or "super_glue/rte" or "super_glue/copa");
        Assert.Contains(m.Warnings, w => w.Contains("xquad/xquad.de") && w.Contains("not in an xP3 language"));
        Assert.Contains(m.Warnings, w => w.StartsWith("69 dataset(s) of xp3 missing", StringComparison.Ordinal) && w.Contains("paws-x/*"));
    }

    [Fact]
    public void Xp3mt_and_xp3all_over_the_bundled_slices()
    {
        var mt = Mixtures.Build(Xp3Mixtures.Xp3Mt);
        Assert.Equal(250, mt.Components.Count);
        var ar = mt.Components.Where(c => c.Task.DatasetKey == "xquad/xquad.ar").Select(c => c.Task.Name).ToList();
        Assert.Equal(23, ar.Count);                // 9 English + 9 machine-translated + 5 written in Arabic
        Assert.Contains("xquad_xquad.ar_jeopardy_armt_validation", ar);
        Assert.Contains("xquad_xquad.ar_answer_the_question_validation_ar_prompt", ar);

        var all = Mixtures.Build(Xp3Mixtures.Xp3All);
        Assert.Equal(314, all.Components.Count);
        Assert.Equal(16, all.Components.Count(c => c.Task.DatasetKey == "xcopa/sw"));   // 8 English prompts × test, validation
        Assert.All(all.Components.Where(c => c.Task.Dataset == "xcopa"),
            c => Assert.DoesNotMatch("_[a-z]+mt$", ((Xp3Task)c.Task).Prompt.Template.Name));   // English prompts only
        Assert.DoesNotContain(all.Components, c => c.Task.Dataset is "xnli" or "anli");
    }
}
