using System.Text.Encodings.Web;
using System.Text.Json;
using T0Sharp.Core;
using T0Sharp.Synthetic.Clusters;

namespace T0Sharp.Synthetic;

/// <summary>
/// T0Sharp's synthetic prompted task suite: 35 procedurally generated tasks in 7 clusters, each task with 5-6
/// promptsource templates (assets/synthetic/templates/&lt;task&gt;/templates.yaml). As in T0, whole task types
/// are held out: the model trains on sentiment, multiple choice, extractive QA and paraphrase detection, and is
/// evaluated zero-shot on entailment, coreference and sentence completion (T0's NLI / coreference / completion).
/// Generation is deterministic given the seed.
/// </summary>
public sealed class SyntheticSuite
{
    /// <summary>The clusters T0-style training uses.</summary>
    public static readonly IReadOnlyList<string> TrainingClusterNames = ["sentiment", "multiple_choice", "extractive_qa", "paraphrase"];

    /// <summary>The clusters held out for zero-shot evaluation.</summary>
    public static readonly IReadOnlyList<string> HeldOutClusterNames = ["entailment", "coreference", "completion"];

    /// <summary>The subset folder the generated datasets use (as HF datasets without a config).</summary>
    public const string Subset = "default";

    public IReadOnlyList<SyntheticCluster> Clusters { get; }

    public SyntheticSuite()
    {
        Clusters =
        [
            SentimentTasks.Create(), MultipleChoiceTasks.Create(), ExtractiveQaTasks.Create(), ParaphraseTasks.Create(),
            EntailmentTasks.Create(), CoreferenceTasks.Create(), CompletionTasks.Create(),
        ];
    }

    public IEnumerable<SyntheticTask> Tasks => Clusters.SelectMany(c => c.Tasks);

    public IReadOnlyList<SyntheticCluster> TrainingClusters => TrainingClusterNames.Select(Cluster).ToList();
    public IReadOnlyList<SyntheticCluster> HeldOutClusters => HeldOutClusterNames.Select(Cluster).ToList();

    public SyntheticCluster Cluster(string name) => Clusters.FirstOrDefault(c => c.Name == name)
        ?? throw new ArgumentException($"unknown synthetic cluster '{name}'; known: {string.Join(", ", Clusters.Select(c => c.Name))}");

    public SyntheticTask Task(string name) => Tasks.FirstOrDefault(t => t.Name == name)
        ?? throw new ArgumentException($"unknown synthetic task '{name}'");

    /// <summary>The promptsource templates of the suite (one folder per task).</summary>
    public static string TemplatesDirectory => Path.Combine(BuiltInAssets.Directory, "synthetic", "templates");

    /// <summary>Draws <paramref name="count"/> examples of one task and split; the same (seed, task, split) always gives the same examples.</summary>
    public static IEnumerable<Dictionary<string, object?>> Generate(SyntheticTask task, string split, int count, long seed)
    {
        var rng = SyntheticRandom.For(seed, task.Name + "/" + split);
        for (int i = 0; i < count; i++) yield return task.Generate(rng);
    }

    /// <summary>
    /// Writes every task as <c>&lt;dir&gt;/&lt;task&gt;/default/{train,validation}.jsonl</c> (the bundled datasets'
    /// layout), each file atomically.
    /// </summary>
    public void WriteDatasets(string dir, int trainPerTask, int validationPerTask, long seed)
    {
        foreach (var task in Tasks)
        {
            foreach (var (split, count) in new[] { ("train", trainPerTask), ("validation", validationPerTask) })
            {
                var path = Path.Combine(dir, task.Name, Subset, split + ".jsonl");
                AtomicFile.WriteAllLines(path, Generate(task, split, count, seed).Select(ToJson));
            }
        }
    }

    static readonly JsonSerializerOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>One example as a JSON line (field order kept).</summary>
    public static string ToJson(Dictionary<string, object?> example) => JsonSerializer.Serialize(example, JsonOptions);
}
