using System.Text.Encodings.Web;
using System.Text.Json;
using T0Sharp.Core;
using T0Sharp.Synthetic.TaskTypes;
using T0Sharp.Synthetic.World;

namespace T0Sharp.Synthetic;

/// <summary>
/// T0Sharp's synthetic world and its prompted task suite: a pretraining corpus stating every fact of the world, six
/// training task types over the A half of the facts and three held-out task types (T0's NLI, coreference and
/// sentence completion) over the B half, each task type one dataset with its own promptsource templates
/// (assets/synthetic/templates/&lt;task&gt;/templates.yaml). Held-out types are never trained on in any template,
/// and their instruction wording appears nowhere in training templates or pretraining text. Deterministic per seed.
/// </summary>
public sealed class SyntheticSuite(long seed = 0)
{
    /// <summary>The subset folder the generated datasets use (as HF datasets without a config).</summary>
    public const string Subset = "default";

    public SyntheticWorld World { get; } = new(seed);
    public long Seed { get; } = seed;

    public static IReadOnlyList<SyntheticTask> TrainingTasks => TrainingTaskTypes.All;
    public static IReadOnlyList<SyntheticTask> HeldOutTasks => HeldOutTaskTypes.All;
    public static IEnumerable<SyntheticTask> Tasks => TrainingTasks.Concat(HeldOutTasks);

    public static SyntheticTask Task(string name) => Tasks.FirstOrDefault(t => t.Name == name || t.TaskType == name)
        ?? throw new ArgumentException($"unknown synthetic task '{name}'; known: {string.Join(", ", Tasks.Select(t => t.TaskType))}");

    /// <summary>The promptsource templates of the suite (one folder per task).</summary>
    public static string TemplatesDirectory => Path.Combine(BuiltInAssets.Directory, "synthetic", "templates");

    /// <summary>
    /// Templates of the classification training task types in wording that no training uses (evaluation only): they
    /// measure whether a trained skill survives a new instruction, the robustness T0 credits to many prompts per dataset.
    /// </summary>
    public static string NewWordingTemplatesDirectory => Path.Combine(BuiltInAssets.Directory, "synthetic", "new-wording-templates");

    /// <summary>The training task types that have new-wording templates: every classification type.</summary>
    public static IReadOnlyList<SyntheticTask> NewWordingTasks => TrainingTasks.Where(t => t.IsClassification).ToList();

    /// <summary>
    /// Draws <paramref name="count"/> examples of one task and split; the same (seed, task, split) always gives the
    /// same examples. Training task types draw from the A half of the world, held-out types from the B half.
    /// </summary>
    public IEnumerable<Dictionary<string, object?>> Generate(SyntheticTask task, string split, int count)
    {
        var rng = SyntheticRandom.For(Seed, task.Name + "/" + split);
        var half = World.Half(a: !task.HeldOut);
        for (int i = 0; i < count; i++)
        {
            var example = task.Generate(half, rng);
            // Held-out binary labels (and so the position of the right option) alternate exactly, so that a model
            // that always gives the same answer scores exactly chance on every evaluation slice; a task's stratum
            // alternates in pairs, so each (label, stratum) cell holds a quarter of the items.
            if (task.HeldOut)
                while (Convert.ToInt32(example["label"]) != i % 2 || (task.Stratum is { } stratum && stratum(example) != i / 2 % 2))
                    example = task.Generate(half, rng);
            yield return example;
        }
    }

    /// <summary>The pretraining documents (all facts, both halves).</summary>
    public IEnumerable<string> PretrainingCorpus(int documents) => WorldCorpus.Documents(World, documents, Seed);

    /// <summary>
    /// Writes every task as <c>&lt;dir&gt;/&lt;task&gt;/default/{train,validation}.jsonl</c> (the bundled datasets'
    /// layout), each file atomically; held-out tasks get a validation split only.
    /// </summary>
    public void WriteDatasets(string dir, int trainPerTask, int validationPerTask)
    {
        foreach (var task in Tasks)
        {
            foreach (var (split, count) in new[] { ("train", task.HeldOut ? 0 : trainPerTask), ("validation", validationPerTask) })
            {
                if (count == 0) continue;
                var path = Path.Combine(dir, task.Name, Subset, split + ".jsonl");
                AtomicFile.WriteAllLines(path, Generate(task, split, count).Select(ToJson));
            }
        }
    }

    static readonly JsonSerializerOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>One example as a JSON line (field order kept).</summary>
    public static string ToJson(Dictionary<string, object?> example) => JsonSerializer.Serialize(example, JsonOptions);
}
