using T0Sharp.Synthetic;
using T0Sharp.Tests;

namespace T0Sharp.Synthetic.Tests;

public class SyntheticSuiteTests
{
    readonly SyntheticSuite _suite = new();

    [Fact]
    public void Suite_has_at_least_30_tasks_in_at_least_6_clusters_and_holds_out_whole_clusters()
    {
        Assert.True(_suite.Tasks.Count() >= 30);
        Assert.True(_suite.Clusters.Count >= 6);
        Assert.Empty(SyntheticSuite.TrainingClusterNames.Intersect(SyntheticSuite.HeldOutClusterNames));
        Assert.Equal(_suite.Clusters.Select(c => c.Name).OrderBy(n => n),
            SyntheticSuite.TrainingClusterNames.Concat(SyntheticSuite.HeldOutClusterNames).OrderBy(n => n));
        Assert.All(_suite.Clusters, c => Assert.All(c.Tasks, t => Assert.Equal(c.Name, t.Cluster)));
        Assert.Equal(_suite.Tasks.Count(), _suite.Tasks.Select(t => t.Name).Distinct().Count());
    }

    [Fact]
    public void Every_task_has_a_templates_file_with_at_least_five_templates()
    {
        foreach (var task in _suite.Tasks)
        {
            var file = TestPaths.RepoPath("assets", "synthetic", "templates", task.Name, "templates.yaml");
            Assert.True(File.Exists(file), file);
            int templates = File.ReadLines(file).Count(l => l.Contains("!Template") && !l.Contains("!TemplateMetadata"));
            Assert.True(templates >= 5, $"{task.Name}: {templates} templates");
        }
    }

    [Fact]
    public void Generation_is_deterministic_given_the_seed_and_differs_across_seeds_and_splits()
    {
        foreach (var task in _suite.Tasks)
        {
            var a = SyntheticSuite.Generate(task, "train", 20, 7).Select(SyntheticSuite.ToJson).ToList();
            var b = SyntheticSuite.Generate(task, "train", 20, 7).Select(SyntheticSuite.ToJson).ToList();
            var c = SyntheticSuite.Generate(task, "train", 20, 8).Select(SyntheticSuite.ToJson).ToList();
            var v = SyntheticSuite.Generate(task, "validation", 20, 7).Select(SyntheticSuite.ToJson).ToList();
            Assert.Equal(a, b);
            Assert.NotEqual(a, c);
            Assert.NotEqual(a, v);
        }
    }

    [Fact]
    public void Known_example_is_stable()
    {
        // Pins the generator: a change to the RNG or a lexicon shows up here, not as silently different demo data.
        var first = SyntheticSuite.Generate(_suite.Task("syn_paraphrase_passive"), "train", 1, 0).Single();
        Assert.Equal(["sentence1", "sentence2", "label"], first.Keys);
        var json = SyntheticSuite.ToJson(first);
        Assert.Equal(json, SyntheticSuite.ToJson(SyntheticSuite.Generate(_suite.Task("syn_paraphrase_passive"), "train", 1, 0).Single()));
        Assert.Matches("^\\{\"sentence1\":\"[A-Z][a-z]+ helped [A-Z][a-z]+\\.\",\"sentence2\":\"[A-Z][a-z]+ was helped by [A-Z][a-z]+\\.\",\"label\":[01]\\}$", json);
    }

    [Fact]
    public void Classification_labels_are_balanced_and_answers_are_consistent()
    {
        foreach (var cluster in _suite.Clusters.Where(c => c.IsClassification))
        foreach (var task in cluster.Tasks)
        {
            var examples = SyntheticSuite.Generate(task, "train", 400, 1).ToList();
            var labels = examples.Select(e => Convert.ToInt32(e["label"])).ToList();
            int distinct = labels.Distinct().Count();
            Assert.True(distinct >= 2, task.Name);
            foreach (var group in labels.GroupBy(l => l))
                Assert.True(group.Count() >= 400 / distinct / 2, $"{task.Name}: label {group.Key} only {group.Count()} times");
            if (cluster.Name == "multiple_choice")
                Assert.All(examples, e => Assert.InRange(Convert.ToInt32(e["label"]), 0, ((List<object?>)e["options"]!).Count - 1));
        }
        foreach (var task in _suite.Cluster("extractive_qa").Tasks)
            Assert.All(SyntheticSuite.Generate(task, "train", 50, 3), e => Assert.Contains((string)e["answer"]!, (string)e["context"]!));
    }

    [Fact]
    public void Coreference_answers_agree_with_the_pronoun()
    {
        foreach (var e in SyntheticSuite.Generate(_suite.Task("syn_coreference_subject"), "train", 100, 5))
        {
            var answer = (string)e[Convert.ToInt32(e["label"]) == 0 ? "option1" : "option2"]!;
            Assert.Equal(Lexicon.Subject(answer), (string)e["pronoun"]!);
        }
    }

    [Fact]
    public void WriteDatasets_writes_the_bundled_layout()
    {
        using var tmp = TestPaths.NewTempDir();
        _suite.WriteDatasets(tmp.Path, 3, 2, 11);
        foreach (var task in _suite.Tasks)
        {
            Assert.Equal(3, File.ReadAllLines(Path.Combine(tmp.Path, task.Name, "default", "train.jsonl")).Length);
            Assert.Equal(2, File.ReadAllLines(Path.Combine(tmp.Path, task.Name, "default", "validation.jsonl")).Length);
        }
        Assert.Empty(Directory.EnumerateFiles(tmp.Path, "*.tmp", SearchOption.AllDirectories));
    }
}
