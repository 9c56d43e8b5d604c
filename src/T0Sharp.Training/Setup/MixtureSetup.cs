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
/// mixture file (<see cref="MixtureFile"/>).
/// </summary>
public static class MixtureSetup
{
    public static (ITrainingStream Train, ValidationSet Validation, string Description) Build(
        TrainOptions o, ITokenizer tokenizer, FeatureConverterOptions features, bool decoderOnly)
    {
        var data = new DatasetDirectory(o.Data.DataDir ?? BuiltInAssets.Datasets);
        var fallbacks = o.Data.SplitFallbacks.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var templates = PromptCollectionProvider.Load(o.Data.Templates);
        var catalog = new MixtureCatalog(data, templates, new MixtureBuildOptions { SplitFallbacks = fallbacks });
        Mixture mixture;
        // A .yaml value is a mixture file (promptsource, FLAN-style and Super-NI tasks side by side).
        try { mixture = MixtureFile.IsFile(o.Data.Mixture) ? MixtureFile.Load(o.Data.Mixture, data, templates) : catalog.Resolve(o.Data.Mixture); }
        catch (KeyNotFoundException e) { throw new OptionsException($"data.mixture: {e.Message}"); }
        MixtureStream Open(MixtureCursor? c) => c is null ? new MixtureStream(mixture, data, o.Run.Seed) : MixtureStream.Restore(mixture, data, c);
        ITrainingStream train = decoderOnly
            ? MixtureTrainingStream.DecoderOnly((c, rows) => MixtureBatches<DecoderOnlyBatch>.DecoderOnly(Open(c), tokenizer, features, rows))
            : MixtureTrainingStream.EncoderDecoder((c, rows) => MixtureBatches<EncDecBatch>.EncoderDecoder(Open(c), tokenizer, features, rows));
        var validationTasks = mixture.Components.Select(c => c.Task.WithSplit("validation")).OfType<ITask>();
        var validation = o.Eval.MaxExamples == 0 ? ValidationSet.Empty
            : ValidationBuilder.Build(validationTasks, data, tokenizer, features, o.Eval.MaxExamples, o.Data.MicroBatchSize, decoderOnly, o.Run.Seed);
        var warnings = mixture.Warnings.Count > 0 ? $" ({mixture.Warnings.Count} warning(s): {string.Join("; ", mixture.Warnings.Take(3))}{(mixture.Warnings.Count > 3 ? "; ..." : "")})" : "";
        return (train, validation, $"mixture {mixture.Name}: {mixture.Components.Count} tasks{warnings}");
    }
}
