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

    /// <summary>The training stream and a one-line description of the data.</summary>
    public static (ITrainingStream Train, string Description) Build(TrainOptions o, ITokenizer tokenizer, FeatureConverterOptions features, bool decoderOnly)
    {
        var objective = Objective(o.Pretraining, tokenizer, decoderOnly);
        var files = RawTextFiles.Expand(o.Data.TextFiles!);
        PretrainingExamples examples;
        try
        {
            var documents = files.SelectMany(f => RawTextFiles.Read(f, o.Data.TextField, o.Data.TextDocuments));
            examples = PretrainingExamples.Build(documents, tokenizer, objective, features.Lengths, o.Run.Seed);
        }
        catch (PretrainingLengthException e) { throw new OptionsException(e.Message); }
        catch (DataFormatException e) { throw new InvalidDataException(e.Message, e); }
        catch (ArgumentException e) when (e.Message.StartsWith("the text corpus", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"data.text_files ({o.Data.TextFiles}): {e.Message}");
        }
        var converter = features with { Lengths = objective.ConverterLengths(features.Lengths) };
        var train = new ExampleListStream(examples.Count, examples.Get, converter, decoderOnly, o.Run.Seed);
        var chunkLength = examples.Chunks[0].Length;
        return (train, $"{objective.Description} on {examples.Count:N0} chunks of {chunkLength} tokens from {files.Count} text file(s)");
    }
}
