using T0Sharp.Data.Features;
using T0Sharp.Data.Tokenization;

namespace T0Sharp.Data.Mixtures;

/// <summary>
/// The training data stream in one object: mixture draws → render → tokenize → packed batches, with a
/// <see cref="Cursor"/> to save in checkpoints. To resume: <c>MixtureStream.Restore(mixture, data, cursor)</c>
/// and build a new <see cref="MixtureBatches{TBatch}"/> on it; the batches that follow are identical.
/// </summary>
public sealed class MixtureBatches<TBatch>
{
    readonly ExamplePipeline _pipeline;
    readonly BatchStream<TBatch> _packer;
    readonly long _start;

    MixtureBatches(MixtureStream stream, ITokenizer tokenizer, Func<IBatchBuilder<TBatch>> builder, PipelineOptions? options)
    {
        _pipeline = new ExamplePipeline(stream, tokenizer, options);
        _packer = new BatchStream<TBatch>(builder);
        _start = stream.Draws;
        Stream = stream;
    }

    public MixtureStream Stream { get; }

    /// <summary>Counters of kept and dropped examples.</summary>
    public ExamplePipeline Pipeline => _pipeline;

    /// <summary>Resume point after the last batch returned by <see cref="Batches"/>.</summary>
    public MixtureCursor Cursor => Stream.Cursor with { Draws = _packer.ResumeDraw < 0 ? _start : _packer.ResumeDraw };

    /// <summary>The infinite sequence of batches.</summary>
    public IEnumerable<TBatch> Batches() =>
        _packer.Batches(_pipeline.Items().Select(i => (i.Draw, i.Tokens)), _start);

    /// <summary>Encoder-decoder (T5/T0) batches of <paramref name="rows"/> rows.</summary>
    public static MixtureBatches<EncDecBatch> EncoderDecoder(MixtureStream stream, ITokenizer tokenizer, FeatureConverterOptions features, int rows, PipelineOptions? options = null) =>
        new(stream, tokenizer, () => new EncDecBatchBuilder(features, rows), options);

    /// <summary>Decoder-only (BLOOM) batches of <paramref name="rows"/> rows.</summary>
    public static MixtureBatches<DecoderOnlyBatch> DecoderOnly(MixtureStream stream, ITokenizer tokenizer, FeatureConverterOptions features, int rows, PipelineOptions? options = null) =>
        new(stream, tokenizer, () => new DecoderOnlyBatchBuilder(features, rows), options);
}
