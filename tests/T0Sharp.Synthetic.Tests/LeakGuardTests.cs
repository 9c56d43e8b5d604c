using System.Text.RegularExpressions;
using T0Sharp.Data.Tasks;
using T0Sharp.Prompts.Templates;
using T0Sharp.Synthetic;
using T0Sharp.Synthetic.World;
using T0Sharp.Tests;

namespace T0Sharp.Synthetic.Tests;

/// <summary>
/// The guards that keep the demo's zero-shot claim honest: held-out task types never trained in any template, their
/// instruction wording new (no word 3-gram shared with a training template or the pretraining text), training data
/// built from A facts only, held-out data from B facts only, and no held-out prompt present in the pretraining text.
/// </summary>
public partial class LeakGuardTests
{
    readonly SyntheticSuite _suite = new(0);
    static readonly TemplateCollection Templates = TemplateCollection.Load(TestPaths.RepoPath("assets", "synthetic", "templates"));

    static IReadOnlyList<PromptTemplate> TemplatesOf(SyntheticTask t) => Templates.Get(t.Name, null).Templates;

    [GeneratedRegex(@"\{\{.*?\}\}|\{%.*?%\}|\|\|\|.*$", RegexOptions.Singleline)]
    private static partial Regex Placeholders();
    [GeneratedRegex(@"[a-z']+|[|]")]
    private static partial Regex Words();

    /// <summary>Word 3-grams of the literal instruction text (fields, control blocks and the target part removed, each a break).</summary>
    static HashSet<string> TemplateTrigrams(PromptTemplate t)
    {
        // The target side after ||| is the answer, whose space may be shared (disclosed); only the instruction counts.
        var literal = Placeholders().Replace(t.Jinja.Split("|||")[0], " | ");
        return Trigrams(literal);
    }

    static HashSet<string> Trigrams(string text)
    {
        var set = new HashSet<string>();
        var words = Words().Matches(text.ToLowerInvariant()).Select(m => m.Value).ToList();
        for (int i = 0; i + 2 < words.Count; i++)
            if (words[i] != "|" && words[i + 1] != "|" && words[i + 2] != "|") set.Add($"{words[i]} {words[i + 1]} {words[i + 2]}");
        return set;
    }

    [Fact]
    public void Held_out_task_types_are_never_training_task_types()
    {
        Assert.Empty(SyntheticSuite.TrainingTasks.Select(t => t.TaskType).Intersect(SyntheticSuite.HeldOutTasks.Select(t => t.TaskType)));
        Assert.Empty(SyntheticSuite.TrainingTasks.Select(t => t.Name).Intersect(SyntheticSuite.HeldOutTasks.Select(t => t.Name)));
        var trainingIds = SyntheticSuite.TrainingTasks.SelectMany(TemplatesOf).Select(t => t.Id).ToHashSet();
        Assert.All(SyntheticSuite.HeldOutTasks.SelectMany(TemplatesOf), t => Assert.DoesNotContain(t.Id, trainingIds));
    }

    [Fact]
    public void Held_out_instruction_wording_shares_no_3_gram_with_training_templates_or_pretraining_text()
    {
        var training = SyntheticSuite.TrainingTasks.SelectMany(TemplatesOf).SelectMany(TemplateTrigrams).ToHashSet();
        var corpus = _suite.PretrainingCorpus(3_000).SelectMany(Trigrams).ToHashSet();
        foreach (var t in SyntheticSuite.HeldOutTasks.SelectMany(TemplatesOf))
        {
            var grams = TemplateTrigrams(t);
            Assert.Equal("", string.Join("; ", grams.Intersect(training).Select(g => $"{t.Dataset}/{t.Name}: '{g}' is in a training template")));
            Assert.Equal("", string.Join("; ", grams.Intersect(corpus).Select(g => $"{t.Dataset}/{t.Name}: '{g}' is in the pretraining text")));
        }
        // The guard itself works: a shared phrase is found.
        Assert.Contains("are they paraphrases", TemplateTrigrams(TemplatesOf(SyntheticSuite.Task("paraphrase")).First(x => x.Name == "are_they_paraphrases")));
    }

    [Fact]
    public void Training_examples_use_A_facts_only_and_held_out_examples_B_facts_only()
    {
        var w = _suite.World;
        var bWords = w.B.People.Select(p => p.Name).Concat(w.B.Things.Select(t => t.Name)).ToList();
        var aWords = w.A.People.Select(p => p.Name).Concat(w.A.Things.Select(t => t.Name)).ToList();
        var bRules = w.B.Rules.Select(r => RulePhrase(r.Effect)).ToList();
        var aRules = w.A.Rules.Select(r => RulePhrase(r.Effect)).ToList();
        foreach (var task in SyntheticSuite.Tasks)
            foreach (var e in _suite.Generate(task, task.HeldOut ? "validation" : "train", 300))
            {
                var text = string.Join(" ", e.Values.SelectMany(v => v is IEnumerable<object?> list && v is not string ? list.Select(x => x?.ToString()) : [v?.ToString()]));
                var tokens = Words().Matches(text.ToLowerInvariant()).Select(m => m.Value).ToHashSet();
                var forbidden = task.HeldOut ? aWords : bWords;
                Assert.Empty(forbidden.Where(x => x.Split(' ').All(wd => tokens.Contains(wd.ToLowerInvariant())) && Regex.IsMatch(text, $@"\b{x}\b"))
                    .Select(x => $"{task.Name}: '{x}' in {text}"));
                Assert.Empty((task.HeldOut ? aRules : bRules).Where(text.Contains).Select(x => $"{task.Name}: rule '{x}' in {text}"));
            }
    }

    /// <summary>The part of a rule's effect after its subject ("ate some bread").</summary>
    static string RulePhrase(string effect)
    {
        var rest = effect[(effect.IndexOf(' ') + 1)..];
        return rest.Contains("{q}") ? rest[..rest.IndexOf("{q}")].TrimEnd() : rest;
    }

    [Fact]
    public void No_held_out_prompt_appears_in_the_pretraining_text()
    {
        using var tmp = TestPaths.NewTempDir();
        _suite.WriteDatasets(tmp.Path, 1, 40);
        var corpus = string.Join("\n", _suite.PretrainingCorpus(5_000));
        foreach (var task in SyntheticSuite.HeldOutTasks)
        {
            var rows = _suite.Generate(task, "validation", 40).ToList();
            foreach (var template in TemplatesOf(task))
            {
                var pt = new PromptTask(task.Name, null, "validation", new PromptTemplateAdapter(template));
                foreach (var row in rows)
                {
                    var ex = pt.Process(row, 0);
                    Assert.NotNull(ex);
                    Assert.DoesNotContain(ex!.Inputs.Trim(), corpus);
                }
            }
        }
    }

    [Fact]
    public void The_A_and_B_halves_are_both_in_the_pretraining_text()
    {
        var corpus = string.Join("\n", _suite.PretrainingCorpus(5_000));
        foreach (var p in _suite.World.People) Assert.Contains(p.Name, corpus);
        foreach (var t in _suite.World.Things) Assert.Contains(" " + t.Name, corpus);
        foreach (var r in _suite.World.Rules) Assert.Contains(RulePhrase(r.Effect), corpus);
    }

    /// <summary>The instruction as a word sequence (fields, control blocks and the target part as breaks).</summary>
    static string Instruction(PromptTemplate t) =>
        string.Join(" ", Words().Matches(Placeholders().Replace(t.Jinja.Split("|||")[0], " | ").ToLowerInvariant()).Select(m => m.Value));

    [Fact]
    public void New_wording_templates_of_the_training_types_are_worded_unlike_every_training_template_and_render_every_row()
    {
        var newWording = TemplateCollection.Load(TestPaths.RepoPath("assets", "synthetic", "new-wording-templates"));
        Assert.Equal(SyntheticSuite.NewWordingTasks.Select(t => t.Name).Order(), newWording.Datasets.Order());
        Assert.DoesNotContain(newWording.Datasets, d => SyntheticSuite.HeldOutTasks.Any(t => t.Name == d));
        var trainingIds = SyntheticSuite.TrainingTasks.SelectMany(TemplatesOf).Select(t => t.Id).ToHashSet();
        foreach (var task in SyntheticSuite.NewWordingTasks)
        {
            var fresh = newWording.Get(task.Name, null).Templates;
            Assert.Equal(3, fresh.Count);
            var trained = TemplatesOf(task).Select(Instruction).ToHashSet();
            var rows = _suite.Generate(task, "validation", 20).ToList();
            foreach (var t in fresh)
            {
                Assert.DoesNotContain(t.Id, trainingIds);
                Assert.DoesNotContain(Instruction(t), trained);
                var pt = new PromptTask(task.Name, null, "validation", new PromptTemplateAdapter(t));
                foreach (var row in rows)
                {
                    var ex = pt.Process(row, 0);
                    Assert.NotNull(ex);
                    Assert.Contains(ex!.Targets.Trim(), ex.AnswerChoices!); // rank classification needs the answer among the choices
                }
            }
        }
    }
}
