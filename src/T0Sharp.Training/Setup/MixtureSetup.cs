using T0Sharp.Core;
using T0Sharp.Data.Features;
using T0Sharp.Data.Mixtures;
using T0Sharp.Data.Sources;
using T0Sharp.Data.Tasks;
using T0Sharp.Data.Tokenization;
using T0Sharp.Training.Data;
using T0Sharp.Training.Options;

namespace T0Sharp.Training.Setup;

/// <summary>
/// Training on a data-layer mixture by name (t0_train, t0+_train, t0++_train, or one task): the datasets folder
/// (data.data_dir, else the bundled slices), the promptsource templates (data.templates, else the bundled P3
/// collection), a seeded mixture stream resumable from its cursor, and validation on the same tasks'
/// validation splits (T0 selects checkpoints on the training datasets' validation data). data.mixture may also be a
/// mixture file (<see cref="MixtureFile"/>). loss.objective t_few samples k rows per dataset
/// (<see cref="FewShotChoiceSource"/>); loss.objective flipped trains and validates on the mixture's tasks flipped
/// (<see cref="FlippedChoiceSource"/>).
/// </summary>
public static class MixtureSetup
{
    public static (ITrainingStream Train, ValidationSet Validation, string Description, IReadOnlyList<string> TaskNames) Build(
        TrainOptions o, ITokenizer tokenizer, FeatureConverterOptions features, bool decoderOnly, bool choices = false)
    {
        var flippedObjective = o.Loss.Objective == ObjectiveKind.Flipped;
        var data = new DatasetDirectory(o.Data.DataDir ?? BuiltInAssets.Datasets);
        var fallbacks = o.Data.SplitFallbacks.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var templates = PromptCollectionProvider.Load(o.Data.Templates);
        var catalog = new MixtureCatalog(data, templates, new MixtureBuildOptions { SplitFallbacks = fallbacks });
        Mixture mixture;
        // A .yaml value is a mixture file (promptsource, FLAN-style and Super-NI tasks side by side).
        try { mixture = MixtureFile.IsFile(o.Data.Mixture) ? MixtureFile.Load(o.Data.Mixture, data, templates, catalog.Resolve) : catalog.Resolve(o.Data.Mixture); }
        catch (KeyNotFoundException e) { throw new OptionsException($"data.mixture: {e.Message}"); }
        var eos = DataSetup.Convention(o);
        var pipeline = new PipelineOptions(Eos: eos);
        MixtureStream Open(MixtureCursor? c) => c is null ? new MixtureStream(mixture, data, o.Run.Seed) : MixtureStream.Restore(mixture, data, c);
        ITrainingStream train;
        var flippedCount = "";
        if (flippedObjective)
        {
            // Flipped Learning trains (and validates) on the flipped tasks: instruction targets, one row per label
            try { mixture = new Mixture(mixture.Name, mixture.Components.Select(c => c with { Task = FlippedChoiceSource.Flippable(c.Task) }), mixture.Warnings); }
            catch (ArgumentException e) { throw new OptionsException($"data.mixture with loss.objective flipped: {e.Message}"); }
            if (o.Data.FewShot > 0)
                throw new OptionsException("data.few_shot applies to loss.objective t_few; loss.objective flipped trains on every flippable record of the mixture (rates cap each task)");
            FlippedChoiceSource source;
            try { source = new FlippedChoiceSource(mixture, data, tokenizer, eos, o.Run.Seed); }
            catch (InvalidOperationException e) { throw new OptionsException($"data.mixture: {e.Message}"); }
            train = new ChoiceListStream(source, features, decoderOnly, o.Run.Seed);
            flippedCount = $", {source.Count:N0} flipped examples";
        }
        else if (choices)
        {
            if (o.Data.FewShot <= 0)
                throw new OptionsException("loss.objective t_few on a mixture samples k examples per dataset: set data.few_shot (T-Few: 32 for RTE, CB, COPA, WiC, WSC)");
            train = new ChoiceListStream(new FewShotChoiceSource(mixture, data, o.Data.FewShot, o.Run.Seed,
                t => eos.EncodeInput(tokenizer, t), t => eos.EncodeTarget(tokenizer, t)), features, decoderOnly, o.Run.Seed);
        }
        else
        {
            if (o.Data.FewShot > 0)
                throw new OptionsException("data.few_shot on a mixture applies to choice objectives (loss.objective t_few); for few-shot LM training use data.train_files");
            train = decoderOnly
                ? MixtureTrainingStream.DecoderOnly((c, rows) => MixtureBatches<DecoderOnlyBatch>.DecoderOnly(Open(c), tokenizer, features, rows, pipeline))
                : MixtureTrainingStream.EncoderDecoder((c, rows) => MixtureBatches<EncDecBatch>.EncoderDecoder(Open(c), tokenizer, features, rows, pipeline));
        }
        var validationTasks = mixture.Components.Select(c => c.Task.WithSplit("validation")).OfType<ITask>();
        var validation = o.Eval.MaxExamples == 0 ? ValidationSet.Empty
            : ValidationBuilder.Build(validationTasks, data, tokenizer, eos, features, o.Eval.MaxExamples, o.Data.MicroBatchSize, decoderOnly, o.Run.Seed);
        var warnings = mixture.Warnings.Count > 0 ? $" ({mixture.Warnings.Count} warning(s): {string.Join("; ", mixture.Warnings.Take(3))}{(mixture.Warnings.Count > 3 ? "; ..." : "")})" : "";
        var names = mixture.Components.Select(c => c.Task.Name).ToList();
        return (train, validation, $"mixture {mixture.Name}: {mixture.Components.Count} tasks{flippedCount}, EOS convention {eos.Name}{warnings}", names);
    }
}
