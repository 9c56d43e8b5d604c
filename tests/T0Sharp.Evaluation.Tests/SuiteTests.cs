using T0Sharp.Core;
using T0Sharp.Evaluation.Suites;
using T0Sharp.Tests;

namespace T0Sharp.Evaluation.Tests;

public class SuiteTests
{
    [Fact]
    public void T0_held_out_suite_from_the_t_zero_lists()
    {
        var s = T0HeldOutSuite.Load(TestPaths.RepoPath("assets", "promptsource", "t0"));
        Assert.Equal(["anli_r1", "anli_r2", "anli_r3", "cb", "rte", "wsc", "winogrande", "copa", "hellaswag", "story_cloze", "wic"],
            s.Tasks.Select(t => t.Name));
        Assert.Equal(["dev_r1", "dev_r2", "dev_r3"], s.Tasks.Take(3).Select(t => t.Split));
        // 86 original-task templates with ANLI's 15 counted once
        Assert.Equal(86, s.Tasks.Where(t => t.Name != "anli_r2" && t.Name != "anli_r3").Sum(t => t.TemplateNames!.Count));
        Assert.Equal(4, s.Tasks.Single(t => t.Name == "hellaswag").TemplateNames!.Count);
        Assert.Equal(("super_glue", "wsc.fixed"), (s.Tasks[5].Dataset, s.Tasks[5].Subset));
    }

    [Fact]
    public void Bundled_data_is_found_and_story_cloze_is_reported_missing()
    {
        var root = TestPaths.RepoPath("assets", "datasets");
        var s = T0HeldOutSuite.Load(TestPaths.RepoPath("assets", "promptsource", "t0"));
        var missing = s.Tasks.Where(t => DataLocator.Find(root, t, out _) == null).Select(t => t.Name).ToList();
        Assert.Equal(["story_cloze"], missing);
        Assert.EndsWith("anli/plain_text/dev_r2.jsonl", DataLocator.Find(root, s.Tasks[1], out _));
        DataLocator.Find(root, s.Tasks.Single(t => t.Name == "story_cloze"), out var looked);
        Assert.EndsWith("story_cloze/2016/validation.jsonl", looked);
        foreach (var t in MultilingualSuites.All().Tasks) Assert.NotNull(DataLocator.Find(root, t, out _));
    }

    [Fact]
    public void Multilingual_suites_borrow_english_templates()
    {
        var x = SuiteCatalog.Get("xcopa").Tasks[0];
        Assert.Equal(("xcopa_et", "super_glue/copa", "validation"), (x.Name, x.TemplatesId, x.Split));
        Assert.Equal("winogrande/winogrande_xl", SuiteCatalog.Get("xwinograd").Tasks[0].TemplatesId);
        Assert.Equal("xnli/en", SuiteCatalog.Get("xnli").Tasks.Single(t => t.Name == "xnli_fr").TemplatesId);
    }

    [Fact]
    public void Multilingual_suite_has_english_and_translated_prompts_per_language()
    {
        var s = SuiteCatalog.Get("multilingual");
        // XNLI: en + 8 languages × (English, MT, HT); XCOPA: 11 × (English, MT); XWinograd: en + 5 × 2; XStoryCloze: en + 10 × 2
        Assert.Equal(25 + 22 + 11 + 21, s.Tasks.Count);
        Assert.Equal(BuiltInAssets.Xp3MtTemplates, s.DefaultTemplates);
        var fr = s.Tasks.Where(t => t.Name.StartsWith("xnli_fr", StringComparison.Ordinal)).ToList();
        Assert.Equal(["xnli_fr", "xnli_fr_mt", "xnli_fr_ht"], fr.Select(t => t.Name));
        Assert.All(fr, t => Assert.Equal(("xnli", "fr", "validation"), (t.Dataset, t.Subset, t.Split)));
        Assert.Equal(("xnli/en", 5, (string?)null), (fr[0].TemplatesId, fr[0].TemplateNames!.Count, fr[0].TemplateNameSuffix));
        Assert.Equal(("xnli/fr", "_frmt"), (fr[1].TemplatesId, fr[1].TemplateNameSuffix));
        Assert.Equal(("xnli/fr", "_frht"), (fr[2].TemplatesId, fr[2].TemplateNameSuffix));
        var pt = s.Tasks.Single(t => t.Name == "xwinograd_pt_mt");
        Assert.Equal(("xwinograd", "Muennighoff/xwinograd/pt", "test"), (pt.Dataset, pt.TemplatesId, pt.Split));
        Assert.Contains("on request", s.Tasks.Single(t => t.Name == "xstory_cloze_sw").MissingHint);
        Assert.Equal(("xcopa", "it", PromptLanguage.MachineTranslated), CrosslingualSuite.Parse("xcopa_it_mt"));
        Assert.Equal(("xstory_cloze", "en", PromptLanguage.English), CrosslingualSuite.Parse("xstory_cloze_en"));
        Assert.Null(CrosslingualSuite.Parse("xnli_xx"));
    }

    [Fact]
    public void Yaml_suite_with_defaults_and_errors()
    {
        using var dir = TestPaths.NewTempDir();
        var path = dir.File("s.yaml");
        File.WriteAllText(path, """
            name: mine
            original_task_only: false
            tasks:
              - dataset: super_glue/cb
              - name: xc
                dataset: xcopa/it
                templates_from: super_glue/copa
                templates: [best_option]
                data_file: data/it.jsonl
                mode: rank
            """);
        var s = SuiteCatalog.Get(path);
        Assert.Equal("mine", s.Name);
        Assert.Equal(("super_glue_cb", "validation", false), (s.Tasks[0].Name, s.Tasks[0].Split, s.Tasks[0].OriginalTaskOnly));
        Assert.Equal(("super_glue/copa", EvalMode.Rank, Path.Combine(dir.Path, "data", "it.jsonl")),
            (s.Tasks[1].TemplatesId, s.Tasks[1].Mode, s.Tasks[1].DataFile));
        File.WriteAllText(path, "name: x\ntasks:\n  - dataset: a\n    splt: test\n");
        var e = Assert.Throws<InvalidDataException>(() => SuiteYaml.LoadFile(path));
        Assert.Contains("s.yaml:4", e.Message);
        Assert.Contains("splt", e.Message);
        Assert.Throws<ArgumentException>(() => SuiteCatalog.Get("nosuch"));
        Assert.Contains("its tasks: anli_r1, anli_r2", Assert.Throws<ArgumentException>(() => SuiteCatalog.Get("t0").Only(["cbb"])).Message);
    }
}
