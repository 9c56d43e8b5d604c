using T0Sharp.Core;
using T0Sharp.Data.Features;
using T0Sharp.Data.Tokenization;
using T0Sharp.Training.Data;
using T0Sharp.Training.Options;

namespace T0Sharp.Training.Setup;

/// <summary>The data side of a run: tokenizer, training stream, validation set, and the task names in task-id order.</summary>
public sealed record RunData(ITokenizer Tokenizer, string TokenizerPath, ITrainingStream Train, ValidationSet Validation, string Description,
    IReadOnlyList<string> TaskNames);

/// <summary>
/// Builds a run's data from options (every text tokenized under data.eos_convention): the tokenizer (data.tokenizer, else the init_from/checkpoint folder's,
/// else the bundled T5 SentencePiece model), then training batches and validation from rendered JSONL files
/// (data.train_files / data.validation_files), from raw text under a pretraining objective (data.text_files,
/// <see cref="PretrainingSetup"/>), or from a data-layer mixture by name (<see cref="MixtureSetup"/>;
/// <paramref name="mixtureFactory"/> replaces it for callers with mixtures of their own). Objectives that score every
/// answer choice (loss.objective t_few, flipped) get choice batches (flipped: from mixtures only); data.few_shot keeps k examples per task (rendered files)
/// or per dataset (mixtures).
/// </summary>
public static class DataSetup
{
    /// <summary>Builds a training stream for a mixture name (the caller wires the data layer's registry and templates).</summary>
    public delegate ITrainingStream MixtureFactory(TrainOptions options, ITokenizer tokenizer, FeatureConverterOptions features, bool decoderOnly);

    public static (ITokenizer Tokenizer, string Path) LoadTokenizer(TrainOptions o, string? modelDir)
    {
        var found = TokenizerDiscovery.Find(o.Data.Tokenizer, [modelDir, o.Model.InitFrom], bundledFallback: true, "data.tokenizer")!;
        return (found.Tokenizer, found.File);
    }

    /// <summary>The run's EOS convention (data.eos_convention, validated by <see cref="OptionsValidator"/>).</summary>
    public static EosConvention Convention(TrainOptions o) => EosConvention.Parse(o.Data.EosConvention);

    /// <summary>Feature lengths and ids; a cut sequence keeps its EOS only where the run's EOS convention says so.</summary>
    public static FeatureConverterOptions Features(TrainOptions o, ITokenizer tokenizer) =>
        new(new FeatureLengths(o.Data.InputLength, o.Data.TargetLength), o.Data.Pack, tokenizer.PadId, DecoderStartId: 0,
            EosId: Convention(o).TruncationEosId(tokenizer), BosId: tokenizer.BosId);

    public static RunData Build(TrainOptions o, ITokenizer tokenizer, string tokenizerPath, bool decoderOnly, MixtureFactory? mixtureFactory = null)
    {
        var features = Features(o, tokenizer);
        var choices = Objectives.ObjectiveFactory.Create(o.Loss).NeedsChoices;
        var eos = Convention(o);
        if (o.Loss.Objective == ObjectiveKind.Flipped)
        {
            if (decoderOnly)
                throw new OptionsException("loss.objective flipped needs an encoder-decoder model (the instruction is generated behind T5 sentinels)");
            if (o.Data.TrainFiles is not null)
                throw new OptionsException("loss.objective flipped needs templates to split into instruction and input: use data.mixture (a mixture name or file), not data.train_files");
        }
        ITrainingStream train;
        string description;
        IReadOnlyList<string> taskNames = [];
        var validation = ValidationSet.Empty;
        if (o.Data.TextFiles is not null)
            (train, validation, description) = PretrainingSetup.Build(o, tokenizer, features, decoderOnly);
        else if (o.Data.TrainFiles is string trainSpec && TrainCaches(trainSpec) is { } caches)
        {
            if (choices)
                throw new OptionsException($"loss.objective {OptionNames.ToSnake(o.Loss.Objective.ToString())} scores answer choices, which `data build` caches do not keep: give rendered JSONL in data.train_files");
            var (cached, names) = CachedTrainingData.Read(caches, tokenizer, tokenizerPath, eos);
            if (cached.Count == 0) throw new OptionsException($"data.train_files: the cache(s) {trainSpec} hold no examples");
            var kept = o.Data.FewShot > 0 ? cached.GroupBy(e => e.TaskIndex).SelectMany(g => g.Take(o.Data.FewShot)).ToList() : cached;
            taskNames = names;
            train = new ExampleListStream(kept, features, decoderOnly, o.Run.Seed);
            description = $"{kept.Count:N0} cached examples from {caches.Count} `data build` cache(s), {names.Count} task(s)";
        }
        else if (o.Data.TrainFiles is string trainSpecFiles)
        {
            var files = RenderedJsonl.ExpandPaths(trainSpecFiles);
            var rendered = files.SelectMany(RenderedJsonl.Read).ToList();
            if (rendered.Count == 0)
                throw new OptionsException($"data.train_files: {string.Join(", ", files)} hold{(files.Count == 1 ? "s" : "")} no examples " +
                    "(JSON lines with \"inputs\" and \"targets\" strings, or a `data build` cache folder)");
            taskNames = rendered.Select(r => r.Task).Distinct().ToList();
            if (choices)
            {
                var source = FixedChoiceSource.FromRendered(rendered, t => eos.EncodeInput(tokenizer, t), t => eos.EncodeTarget(tokenizer, t),
                    taskNames, o.Data.FewShot, o.Run.Seed);
                if (source.Count == 0)
                    throw new OptionsException($"loss.objective {OptionNames.ToSnake(o.Loss.Objective.ToString())} needs examples with \"answer_choices\" containing the target; data.train_files has none");
                train = new ChoiceListStream(source, features, decoderOnly, o.Run.Seed);
                description = $"{source.Count:N0} choice examples from {files.Count} file(s), {taskNames.Count} task(s)";
            }
            else
            {
                var names = taskNames;
                var kept = o.Data.FewShot > 0 ? FewShotSubset(rendered, o.Data.FewShot, o.Run.Seed) : rendered;
                var tokenized = kept.Select(e => RenderedJsonl.Tokenize(e, tokenizer, eos) with { TaskIndex = IndexOf(names, e.Task) }).ToList();
                train = new ExampleListStream(tokenized, features, decoderOnly, o.Run.Seed);
                description = $"{kept.Count:N0} rendered examples from {files.Count} file(s), {taskNames.Count} task(s)";
            }
        }
        else
        {
            if (mixtureFactory != null)
            {
                if (choices) throw new OptionsException($"loss.objective {OptionNames.ToSnake(o.Loss.Objective.ToString())} is not available with this caller's own mixtures");
                train = mixtureFactory(o, tokenizer, features, decoderOnly);
                description = $"mixture {o.Data.Mixture}";
            }
            else
            {
                var built = MixtureSetup.Build(o, tokenizer, features, decoderOnly, choices);
                (train, description, taskNames) = (built.Train, built.Description, built.TaskNames);
                if (o.Data.ValidationFiles is null) return new RunData(tokenizer, tokenizerPath, train, built.Validation, description, taskNames);
            }
        }
        if (o.Data.ValidationFiles is string valSpec)
        {
            var examples = RenderedJsonl.ExpandPaths(valSpec).SelectMany(RenderedJsonl.Read)
                .GroupBy(e => e.Task).SelectMany(g => g.Take(o.Eval.MaxExamples)).ToList();
            var unpacked = features with { Pack = false };
            // Validation rows keep their task ids, as training rows do: task-conditioned methods read them.
            var tokenized = examples.Select(e => RenderedJsonl.Tokenize(e, tokenizer, eos) with { TaskIndex = IndexOf(taskNames, e.Task) }).ToList();
            var rows = o.Data.MicroBatchSize;
            IEnumerable<TrainingBatch> batches = decoderOnly
                ? FeatureConverters.DecoderOnly(tokenized, unpacked, rows).Select(BatchConversion.From)
                : FeatureConverters.EncoderDecoder(tokenized, unpacked, rows).Select(BatchConversion.From);
            var names = taskNames;
            validation = new ValidationSet(batches.ToList(), RenderedJsonl.RankItems(examples, tokenizer, eos, features.Lengths)
                .Select(r => r with { TaskIndex = IndexOf(names, r.Task) }).ToList());
        }
        return new RunData(tokenizer, tokenizerPath, train, validation, description, taskNames);
    }

    /// <summary>The cache folders of data.train_files when every part names one; null when none does; mixing is an error.</summary>
    static List<string>? TrainCaches(string spec)
    {
        var parts = spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var caches = parts.Where(CachedTrainingData.IsCache).ToList();
        if (caches.Count == 0) return null;
        if (caches.Count < parts.Length)
            throw new OptionsException($"data.train_files: mixes `data build` caches ({string.Join(", ", caches)}) with rendered JSONL; give one kind");
        return caches;
    }

    /// <summary>The first k examples of each task after a seeded shuffle (few-shot sampling of rendered data).</summary>
    static List<RenderedExample> FewShotSubset(IReadOnlyList<RenderedExample> rendered, int k, long seed) =>
        rendered.GroupBy(r => r.Task).SelectMany(g =>
        {
            var items = g.ToList();
            var order = Enumerable.Range(0, items.Count).ToArray();
            new Random(FewShot.Seed(seed, g.Key)).Shuffle(order);
            return order.Take(k).Select(i => items[i]);
        }).ToList();

    static int IndexOf(IReadOnlyList<string> names, string task)
    {
        for (var i = 0; i < names.Count; i++) if (names[i] == task) return i;
        return -1;
    }
}
