using T0Sharp.Core;
using T0Sharp.Data.Features;
using T0Sharp.Data.Sources;
using T0Sharp.Data.Tasks;
using T0Sharp.Data.Tokenization;
using T0Sharp.Prompts.Templates;
using T0Sharp.Synthetic;

namespace T0Sharp.Demo;

/// <summary>
/// The demo's data: the synthetic suite written as datasets (bundled-datasets layout), its promptsource templates,
/// and a compact tokenizer: T5's SentencePiece vocabulary restricted to the pieces the suite's rendered prompts,
/// targets and answer choices use, remapped densely (a few hundred ids instead of 32,100).
/// </summary>
public sealed class DemoData
{
    public SyntheticSuite Suite { get; } = new();
    public string DataDir { get; }
    public TemplateCollection Templates { get; }
    public CompactTokenizer Tokenizer { get; }

    /// <summary>Where the compact tokenizer's T5 vocabulary comes from (saved checkpoints write a tokenizer.json from it).</summary>
    public string TokenizerSource => BuiltInAssets.T5TokenizerDirectory;
    readonly long _seed;

    DemoData(string dataDir, TemplateCollection templates, CompactTokenizer tokenizer, long seed)
    {
        DataDir = dataDir; Templates = templates; Tokenizer = tokenizer; _seed = seed;
    }

    public static DemoData Prepare(DemoOptions o, string dataDir)
    {
        var suite = new SyntheticSuite();
        suite.WriteDatasets(dataDir, o.TrainExamplesPerTask, o.ValidationExamplesPerTask, o.Seed);
        var templates = TemplateCollection.Load(SyntheticSuite.TemplatesDirectory);
        var t5 = TokenizerLoader.Load(BuiltInAssets.T5Tokenizer);
        var partial = new DemoData(dataDir, templates, null!, o.Seed);
        var corpus = suite.Tasks.SelectMany(t => new[] { "train", "validation" }.SelectMany(split =>
            partial.Render(t, split, oneTemplate: false).SelectMany(e => new[] { e.Inputs, e.Targets }.Concat(e.AnswerChoices ?? []))));
        var tokenizer = CompactTokenizer.Build(t5, corpus);
        return new DemoData(dataDir, templates, tokenizer, o.Seed);
    }

    /// <summary>The templates of a task, in ordinal order of name; <paramref name="oneTemplate"/> keeps only the first.</summary>
    public IReadOnlyList<PromptTemplate> TemplatesOf(SyntheticTask task, bool oneTemplate)
    {
        var all = Templates.Get(task.Name, null).Templates;
        return oneTemplate ? [all[0]] : all;
    }

    /// <summary>Every (row, template) of a task's split, rendered the t-zero way (two parts, seeded per render).</summary>
    public IEnumerable<TaskExample> Render(SyntheticTask task, string split, bool oneTemplate)
    {
        var source = new DatasetDirectory(DataDir).Open(task.Name, null, split)
            ?? throw new FileNotFoundException($"synthetic data for {task.Name}/{split} not found under {DataDir}");
        var rows = source.Read().ToList();
        foreach (var template in TemplatesOf(task, oneTemplate))
        {
            var pt = new PromptTask(task.Name, null, split, new PromptTemplateAdapter(template));
            foreach (var row in rows)
                if (pt.Process(row, _seed, 0) is { } ex) yield return ex;
        }
    }

    /// <summary>Tokenized training examples of the tasks in <paramref name="clusters"/> (train split), under T0's EOS convention (the one evaluation defaults to for this encoder-decoder).</summary>
    public List<TokenizedExample> TrainingExamples(IEnumerable<string> clusters, bool oneTemplate)
    {
        var examples = new List<TokenizedExample>();
        int taskIndex = 0;
        foreach (var cluster in clusters)
            foreach (var task in Suite.Cluster(cluster).Tasks)
            {
                foreach (var ex in Render(task, "train", oneTemplate))
                    examples.Add(EosConvention.TrainingDefault.Tokenize(Tokenizer, ex.Inputs, ex.Targets, taskIndex));
                taskIndex++;
            }
        return examples;
    }
}
