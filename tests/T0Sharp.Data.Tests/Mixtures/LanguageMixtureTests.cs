using T0Sharp.Data.Mixtures;
using T0Sharp.Data.Sources;
using T0Sharp.Data.Tasks;
using T0Sharp.Tests;

namespace T0Sharp.Data.Tests.Mixtures;

/// <summary>A new language joins xP3 through a mixture file: <c>mixture: xp3</c> plus the language's prompted data with a share of the draws.</summary>
public class LanguageMixtureTests
{
    static readonly DatasetDirectory Bundled = new(TestPaths.RepoPath("assets", "datasets"));
    static readonly ITemplateProvider P3 = PromptCollectionProvider.Load(TestPaths.RepoPath("assets", "promptsource", "templates"));

    static string Write(TempDir dir, params string[] lines)
    {
        File.WriteAllLines(dir.File("m.yaml"), lines);
        return dir.File("m.yaml");
    }

    [Fact]
    public void The_bundled_xp3_el_file_keeps_xp3s_rates_and_gives_greek_its_share()
    {
        var catalog = new MixtureCatalog(Bundled, P3);
        var xp3 = catalog.Resolve("xp3");
        var m = MixtureFile.Load(TestPaths.RepoPath("configs", "mixtures", "xp3-el.yaml"), Bundled, P3, catalog.Resolve);
        Assert.Equal("xp3-el", m.Name);
        Assert.Equal(xp3.Components.Select(c => (c.Task.Name, c.Rate)), m.Components.Take(xp3.Components.Count).Select(c => (c.Task.Name, c.Rate)));
        var greek = m.Components.Skip(xp3.Components.Count).ToList();
        Assert.Equal(6, greek.Count); // P3's six xquad.en templates
        Assert.All(greek, c => Assert.StartsWith("xquad_xquad.el_", c.Task.Name));
        var rest = xp3.Components.Sum(c => c.Rate);
        Assert.Equal(0.05 * rest / 0.95, greek.Sum(c => c.Rate), 1e-9 * rest);
        Assert.All(greek, c => Assert.Equal(greek[0].Rate, c.Rate)); // 200 records each: equal parts
        Assert.Equal(0.05, greek.Sum(c => c.Rate) / m.Components.Sum(c => c.Rate), 12);
        // a Greek record, English prompt
        var task = greek.Single(c => c.Task.Name == "xquad_xquad.el_answer_given_context_and_question").Task;
        var example = task.Process(task.Open(Bundled)!.Read().First(), 0, 0)!;
        Assert.Contains("Καρολίνα", example.Inputs);
    }

    [Fact]
    public void Shares_rates_and_included_mixtures_are_checked()
    {
        using var dir = TestPaths.NewTempDir();
        var catalog = new MixtureCatalog(Bundled, P3);
        Mixture Load(params string[] lines) => MixtureFile.Load(Write(dir, lines), Bundled, P3, catalog.Resolve);
        var e = Assert.Throws<InvalidDataException>(() => Load("tasks:", "  - mixture: xp3", "  - promptsource: xquad/xquad.el",
            "    templates_from: xquad/xquad.en", "    split: validation", "    share: 0.1", "    rate: 5"));
        Assert.Contains("m.yaml:3: give 'rate' or 'share', not both", e.Message);
        e = Assert.Throws<InvalidDataException>(() => Load("tasks:", "  - mixture: xp3", "  - promptsource: xquad/xquad.el",
            "    templates_from: xquad/xquad.en", "    split: validation", "    share: 1.5"));
        Assert.Contains("'share' must be in (0, 1)", e.Message);
        e = Assert.Throws<InvalidDataException>(() => Load("tasks:", "  - mixture: xp3", "    rate: 4"));
        Assert.Contains("m.yaml:2: a 'mixture' entry takes no other keys (found 'rate')", e.Message);
        e = Assert.Throws<InvalidDataException>(() => Load("tasks:", "  - mixture: xp4"));
        Assert.Contains("xp3", e.Message); // the closest names
        e = Assert.Throws<InvalidDataException>(() => Load("tasks:", "  - promptsource: xquad/xquad.el", "    templates_from: xquad/xquad.en", "    split: validation", "    share: 0.5"));
        Assert.Contains("other tasks with rates", e.Message);
        e = Assert.Throws<InvalidDataException>(() => Load("tasks:", "  - promptsource: xquad/xquad.el", "    templates_from: xquad/xquad.xx", "    split: validation"));
        Assert.Contains("no templates for 'xquad/xquad.xx'", e.Message);
        e = Assert.Throws<InvalidDataException>(() => MixtureFile.Load(Write(dir, "tasks:", "  - mixture: xp3"), Bundled, P3));
        Assert.Contains("'mixture' entries are not available here", e.Message);
        // shares of two entries: each gets s·R/(1 − S)
        var m = Load("tasks:", "  - mixture: xp3", "  - promptsource: xquad/xquad.el", "    templates_from: xquad/xquad.en", "    split: validation",
            "    templates: [answer_given_context_and_question]", "    share: 0.2",
            "  - promptsource: xquad/xquad.ru", "    templates_from: xquad/xquad.en", "    split: validation", "    share: 0.3");
        var total = m.Components.Sum(c => c.Rate);
        Assert.Equal(0.2, m.Components.Where(c => c.Task.Name.StartsWith("xquad_xquad.el_")).Sum(c => c.Rate) / total, 12);
        Assert.Equal(0.3, m.Components.Where(c => c.Task.Name.StartsWith("xquad_xquad.ru_")).Sum(c => c.Rate) / total, 12);
    }
}
