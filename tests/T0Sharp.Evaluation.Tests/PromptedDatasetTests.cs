using T0Sharp.Data.Tasks;
using T0Sharp.Evaluation.Running;
using T0Sharp.Evaluation.Suites;
using T0Sharp.Tests;

namespace T0Sharp.Evaluation.Tests;

public class PromptedDatasetTests
{
    /// <summary>A literal CB template: "{premise} ... {hypothesis}? ||| Yes/No/Maybe" (no target for label -1).</summary>
    sealed class CbTemplate(string name, bool original) : ITaskTemplate
    {
        public string Name => name;
        public string? Id => null;
        public bool OriginalTask => original;
        public TemplateOutput Apply(IReadOnlyDictionary<string, object?> ex, long seed)
        {
            string[] choices = ["Yes", "No", "Maybe"];
            var label = (long)ex["label"]!;
            return new TemplateOutput([$"{ex["premise"]} Can we infer \"{ex["hypothesis"]}\"?", label >= 0 ? choices[label] : ""], choices);
        }
    }

    sealed class Source(params EvalTemplate[] ts) : IEvalTemplateSource
    {
        public IReadOnlyList<EvalTemplate> ForDataset(string dataset, string? subset) =>
            dataset == "super_glue" && subset == "cb" ? ts : [];
    }

    static EvalTemplate E(string name, bool original) => new(new TemplateInfo(name, name, original, ["Accuracy"], true), new CbTemplate(name, original));

    [Fact]
    public void Opens_bundled_data_selects_templates_and_renders()
    {
        var f = new PromptedDatasetFactory(new Source(E("a", true), E("b", false)), TestPaths.RepoPath("assets", "datasets"));
        var task = new EvalTask { Name = "cb", Dataset = "super_glue", Subset = "cb", Split = "validation" };
        var ds = f.Open(task, 5, out var why)!;
        Assert.Null(why);
        Assert.Equal(5, ds.Count);
        Assert.Equal(["a"], ds.Templates.Select(t => t.Name)); // original_task only by default
        var p = ds.Render(0, 0)!;
        Assert.StartsWith("Valence the void-brain, Valence the virtuous valet.", p.Input);
        Assert.Equal(["Yes", "No", "Maybe"], p.Choices!);
        Assert.Equal("No", p.Target); // CB validation row 0 has label 1 (contradiction)

        Assert.Equal(2, f.Open(task with { OriginalTaskOnly = false }, 5, out _)!.Templates.Count);
        Assert.Null(f.Open(task with { TemplateNames = ["c"] }, 5, out why));
        Assert.Contains("unknown template 'c'; closest: a, b", why);
        Assert.Null(f.Open(task with { Split = "test" }, 5, out why));
        Assert.Contains("super_glue/cb split 'test'", why);
        Assert.Null(f.Open(task with { Subset = "rte" }, 5, out why));
        Assert.Equal("no promptsource templates for super_glue/rte", why);
    }
}
