using T0Sharp.Data.Features;
using T0Sharp.Data.Pretraining;
using T0Sharp.Data.Sources;
using T0Sharp.Data.Tokenization;
using T0Sharp.Training.Data;
using T0Sharp.Training.Options;

namespace T0Sharp.Training.Setup;

/// <summary>
/// Pretraining on raw text (data.text_files): the documents are read (data.text_field, data.text_documents),
/// tokenized without special tokens, cut into chunks of the length the objective needs for data.input_length and
/// data.target_length, and turned into examples by the pretraining section's objective, with new noise each epoch
/// (seeded by run.seed). The examples flow through the ordinary feature converters (packing included).
/// </summary>
public static class PretrainingSetup
{
    /// <summary>The objective a config asks for, with its mode tokens tokenized by <paramref name="tokenizer"/>.</summary>
    public static IPretrainingObjective Objective(PretrainingSection p, ITokenizer tokenizer, bool decoderOnly)
    {
        var tokens = PretrainingTokens.Of(tokenizer);
        int[] Mode(string text) => text.Length == 0 ? []
            : tokenizer.TokenToId(text) is int id ? [id] : [.. tokenizer.Encode(text, addSpecialTokens: false)];
        return p.Objective switch
        {
            PretrainingObjectiveKind.SpanCorruption => new SpanCorruption(p.NoiseDensity, p.MeanNoiseSpanLength, tokens),
            PretrainingObjectiveKind.PrefixLm => new PrefixLm(tokens),
            PretrainingObjectiveKind.CausalLm => decoderOnly ? new CausalLm()
                : throw new OptionsException("pretraining.objective causal_lm trains decoder-only models (BLOOM); for an encoder-decoder model use prefix_lm"),
            PretrainingObjectiveKind.AlexaTM => PretrainingObjectives.AlexaTM(tokens, p.ClmRate, Mode(p.ClmToken), p.NoiseDensity, p.MeanNoiseSpanLength),
            PretrainingObjectiveKind.Ul2 => PretrainingObjectives.Ul2(tokens, Ul2Denoiser.ParseList(p.Denoisers),
                kind => Mode(kind switch { 'R' => p.RToken, 'X' => p.XToken, _ => p.SToken })),
            _ => throw new ArgumentOutOfRangeException(nameof(p), p.Objective, null),
        };
    }

    /// <summary>
    /// The training stream, the validation set (data.validation_text_files: the first eval.max_examples chunks, with the
    /// noise of epoch 0, so every validation sees the same examples; empty without it) and a one-line description.
    /// </summary>
    public static (ITrainingStream Train, ValidationSet Validation, string Description) Build(TrainOptions o, ITokenizer tokenizer,
        FeatureConverterOptions features, bool decoderOnly)
    {
        var objective = Objective(o.Pretraining, tokenizer, decoderOnly);
        var files = RawTextFiles.Expand(o.Data.TextFiles!);
        var examples = Examples(o, "data.text_files", files, tokenizer, objective, features);
        var converter = features with { Lengths = objective.ConverterLengths(features.Lengths) };
        var train = new ExampleListStream(examples.Count, examples.Get, converter, decoderOnly, o.Run.Seed);
        var chunkLength = examples.Chunks[0].Length;
        var description = $"{objective.Description} on {examples.Count:N0} chunks of {chunkLength} tokens from {files.Count} text file(s)";
        if (o.Data.ValidationTextFiles is not string validationSpec || o.Eval.MaxExamples == 0) return (train, ValidationSet.Empty, description);
        var held = Examples(o, "data.validation_text_files", RawTextFiles.Expand(validationSpec), tokenizer, objective, features);
        var tokenized = Enumerable.Range(0, Math.Min(held.Count, o.Eval.MaxExamples)).Select(i => held.Get(i, epoch: 0)).ToList();
        var unpacked = converter with { Pack = false };
        IEnumerable<TrainingBatch> batches = decoderOnly
            ? FeatureConverters.DecoderOnly(tokenized, unpacked, o.Data.MicroBatchSize).Select(BatchConversion.From)
            : FeatureConverters.EncoderDecoder(tokenized, unpacked, o.Data.MicroBatchSize).Select(BatchConversion.From);
        return (train, new ValidationSet(batches.ToList(), []), description + $"; validation: {tokenized.Count} held-out chunks");
    }

    static PretrainingExamples Examples(TrainOptions o, string key, IReadOnlyList<string> files, ITokenizer tokenizer,
        IPretrainingObjective objective, FeatureConverterOptions features)
    {
        try
        {
            var documents = files.SelectMany(f => RawTextFiles.Read(f, o.Data.TextField, o.Data.TextDocuments));
            return PretrainingExamples.Build(documents, tokenizer, objective, features.Lengths, o.Run.Seed);
        }
        catch (PretrainingLengthException e) { throw new OptionsException(e.Message); }
        catch (DataFormatException e) { throw new InvalidDataException(e.Message, e); }
        catch (ArgumentException e) when (e.Message.StartsWith("the text corpus", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{key} ({string.Join(", ", files)}): {e.Message}");
        }
    }
}
