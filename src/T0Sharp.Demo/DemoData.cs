using T0Sharp.Core;
using T0Sharp.Data.Features;
using T0Sharp.Data.Pretraining;
using T0Sharp.Data.Sources;
using T0Sharp.Data.Tasks;
using T0Sharp.Data.Tokenization;
using T0Sharp.Prompts.Templates;
using T0Sharp.Synthetic;

namespace T0Sharp.Demo;

/// <summary>
/// The demo's data: the synthetic world's pretraining text, its task types written as datasets (bundled-datasets
/// layout) with their promptsource templates, and a compact tokenizer: T5's SentencePiece vocabulary restricted to
/// the pieces the corpus, rendered prompts, targets and answer choices use, remapped densely (a few hundred ids
/// instead of 32,100), saved as <c>tokenizer.json</c> so that every checkpoint can carry it.
/// </summary>
public sealed class DemoData
{
    public SyntheticSuite Suite { get; }
    public string DataDir { get; }
    public TemplateCollection Templates { get; }
    /// <summary>The classification training types' evaluation-only templates (<see cref="SyntheticSuite.NewWordingTemplatesDirectory"/>).</summary>
    public TemplateCollection NewWording { get; }
    public CompactTokenizer Tokenizer { get; }
    /// <summary>The compact tokenizer as a Hugging Face tokenizer.json (copied into every saved model folder).</summary>
    public string TokenizerFile { get; }
    public IReadOnlyList<string> Corpus { get; }
    readonly long _seed;

    /// <param name="like">Data whose template collections to share (Prepare's first, tokenizer-less instance); null loads them.</param>
    DemoData(SyntheticSuite suite, string dataDir, CompactTokenizer tokenizer, string tokenizerFile, IReadOnlyList<string> corpus, long seed,
        DemoData? like = null)
    {
        Suite = suite; DataDir = dataDir; Tokenizer = tokenizer; TokenizerFile = tokenizerFile; Corpus = corpus; _seed = seed;
        Templates = like?.Templates ?? TemplateCollection.Load(SyntheticSuite.TemplatesDirectory);
        NewWording = like?.NewWording ?? TemplateCollection.Load(SyntheticSuite.NewWordingTemplatesDirectory);
    }

    public static DemoData Prepare(DemoOptions o, string dataDir)
    {
        var suite = new SyntheticSuite(o.Seed);
        suite.WriteDatasets(dataDir, o.TrainExamplesPerTask, o.HeldOutItemsPerTask);
        var corpus = suite.PretrainingCorpus(o.PretrainDocuments).ToList();
        AtomicFile.WriteAllLines(Path.Combine(dataDir, "pretraining.txt"), corpus);
        var t5 = TokenizerLoader.Load(BuiltInAssets.T5Tokenizer);
        var partial = new DemoData(suite, dataDir, null!, "", corpus, o.Seed);
        var rendered = SyntheticSuite.Tasks.SelectMany(t => new[] { "train", "validation" }.SelectMany(split => partial.Render(t, split, oneTemplate: false)))
            .Concat(SyntheticSuite.NewWordingTasks.SelectMany(t => partial.Render(t, "validation", oneTemplate: false, partial.NewWording)));
        var texts = corpus.Concat(rendered.SelectMany(e => new[] { e.Inputs, e.Targets }.Concat(e.AnswerChoices ?? [])));
        var tokenizer = CompactTokenizer.Build(t5, texts);
        var tokenizerFile = Path.Combine(dataDir, "tokenizer.json");
        tokenizer.SaveTokenizerJson(Path.Combine(Path.GetDirectoryName(BuiltInAssets.T5Tokenizer)!, "tokenizer.json"), tokenizerFile);
        AtomicFile.WriteAllLines(Path.Combine(dataDir, VocabularyFile), tokenizer.InnerIds.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return new DemoData(suite, dataDir, tokenizer, tokenizerFile, corpus, o.Seed, like: partial);
    }

    /// <summary>The compact vocabulary's T5 ids, one per line in compact-id order (so that a worker can rebuild it).</summary>
    const string VocabularyFile = "compact-vocabulary.txt";

    /// <summary>
    /// The data <see cref="Prepare"/> wrote into <paramref name="dataDir"/> for the same options, read back without
    /// writing anything (worker processes read it side by side): the world from the seed, the datasets, the
    /// pretraining text and the compact vocabulary from their files.
    /// </summary>
    public static DemoData Load(DemoOptions o, string dataDir)
    {
        var vocabulary = Path.Combine(dataDir, VocabularyFile);
        if (!File.Exists(vocabulary)) throw new ArgumentException($"{dataDir}: no demo data here ({VocabularyFile} not found)");
        var ids = File.ReadAllLines(vocabulary).Select(l => int.Parse(l, System.Globalization.CultureInfo.InvariantCulture));
        var tokenizer = new CompactTokenizer(TokenizerLoader.Load(BuiltInAssets.T5Tokenizer), ids);
        return new DemoData(new SyntheticSuite(o.Seed), dataDir, tokenizer, Path.Combine(dataDir, "tokenizer.json"),
            File.ReadAllLines(Path.Combine(dataDir, "pretraining.txt")), o.Seed);
    }

    /// <summary>
    /// The templates of a task, in ordinal order of name; <paramref name="oneTemplate"/> keeps one of them drawn at
    /// random per task, seed and training run, as T0's p = 1 models used one randomly chosen prompt per dataset.
    /// (Until the fifth session it kept the first by name, which for these templates drew two of six formats that
    /// list the options.)
    /// </summary>
    public IReadOnlyList<PromptTemplate> TemplatesOf(SyntheticTask task, bool oneTemplate, int run = 0, TemplateCollection? from = null)
    {
        var all = (from ?? Templates).Get(task.Name, null).Templates;
        return oneTemplate ? [OneTemplateOf(all, task.Name, _seed, run)] : all;
    }

    /// <summary>The one template of a task under one-template training: a seeded draw per training run.</summary>
    public static PromptTemplate OneTemplateOf(IReadOnlyList<PromptTemplate> templates, string task, long seed, int run = 0) =>
        SyntheticRandom.For(seed, "one-template/" + task + (run == 0 ? "" : $"/run{run + 1}")).Pick(templates);

    /// <summary>A task's rows of <paramref name="split"/> and its prompts over them; null if it has no such split.</summary>
    (List<SourceRow> Rows, List<PromptTask> Prompts)? Open(SyntheticTask task, string split, bool oneTemplate, int run = 0, TemplateCollection? from = null)
    {
        var source = new DatasetDirectory(DataDir).Open(task.Name, null, split);
        if (source == null) return null;
        return (source.Read().ToList(),
            TemplatesOf(task, oneTemplate, run, from).Select(t => new PromptTask(task.Name, null, split, new PromptTemplateAdapter(t))).ToList());
    }

    /// <summary>Every (row, template) of a task's split, rendered the t-zero way (two parts, seeded per render), with
    /// the suite's templates or those of <paramref name="from"/>.</summary>
    public IEnumerable<TaskExample> Render(SyntheticTask task, string split, bool oneTemplate, TemplateCollection? from = null)
    {
        if (Open(task, split, oneTemplate, 0, from) is not var (rows, prompts)) yield break; // held-out task types have no train split
        foreach (var pt in prompts)
            foreach (var row in rows)
                if (pt.Process(row, _seed, 0) is { } ex) yield return ex;
    }

    /// <summary>
    /// The multitask examples of <paramref name="tasks"/> (train split, every row under every template, in that
    /// order), under T0's EOS convention, rendered and tokenized only when training asks for one: a run reads a
    /// few thousand of the hundreds of thousands of (row, template) pairs.
    /// </summary>
    /// <param name="run">The training run (draws the one template of <paramref name="oneTemplate"/> training).</param>
    public TrainingExamples TrainingExamples(IEnumerable<SyntheticTask> tasks, bool oneTemplate, int run = 0)
    {
        var parts = new List<TrainingExamples.Part>();
        foreach (var task in tasks)
        {
            if (task.HeldOut) throw new InvalidOperationException($"{task.Name} is a held-out task type and is never trained on");
            var (rows, prompts) = Open(task, "train", oneTemplate, run) ?? throw new InvalidOperationException($"{task.Name} has no train split");
            parts.Add(new(rows, prompts, parts.Count));
        }
        return new TrainingExamples(parts, Tokenizer, _seed);
    }

    /// <summary>
    /// The pretraining text as prefix-LM examples (T5's LM adaptation, the objective of T0's starting checkpoint),
    /// through the data layer's pretraining objectives, one example per document: each document (cut only if it is
    /// longer than the feature lengths allow) is split at a seeded point, the encoder reads the prefix and the
    /// decoder writes the rest; each epoch draws new split points. Unlike T5, documents are not concatenated into
    /// fixed-length chunks: the world's documents are short and independent, and a chunk running into the next
    /// document asks the decoder to predict an unrelated person or rule (measured: quick runs learned the world
    /// better from whole documents; docs/demo.md).
    /// </summary>
    public PretrainingExamples Pretraining(DemoOptions o)
    {
        var objective = new PrefixLm(PretrainingTokens.Of(Tokenizer));
        int length = objective.ChunkLength(new FeatureLengths(o.InputLength, o.TargetLength));
        var chunks = Corpus.SelectMany(text => TokenChunks.Split([Tokenizer.Encode(text, addSpecialTokens: false)], length)).ToList();
        return new PretrainingExamples(chunks, objective, _seed);
    }
}
