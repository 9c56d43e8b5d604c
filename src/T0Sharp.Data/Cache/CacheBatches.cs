using T0Sharp.Data.Features;

namespace T0Sharp.Data.Cache;

/// <summary>
/// Packed batches from a tokenized cache, with a resume point: <see cref="Position"/> is the number of cached
/// examples consumed by the batches returned so far (the example that overflowed the last batch is not counted),
/// so <c>new CacheBatches(reader, ..., startAt: position)</c> continues with identical batches. The cache is finite:
/// <see cref="Batches"/> ends with a partial batch after its last example.
/// </summary>
public sealed class CacheBatches<TBatch>
{
    readonly CacheReader _reader;
    readonly BatchStream<TBatch> _packer;
    readonly long _start;

    public CacheBatches(CacheReader reader, Func<IBatchBuilder<TBatch>> newBuilder, long startAt = 0)
    {
        if (startAt < 0 || startAt > reader.Index.Examples)
            throw new ArgumentOutOfRangeException(nameof(startAt), $"the cache holds {reader.Index.Examples} examples");
        _reader = reader; _packer = new BatchStream<TBatch>(newBuilder); _start = startAt;
    }

    /// <summary>Examples consumed by the batches returned so far (the start position before any).</summary>
    public long Position => _packer.ResumeDraw < 0 ? _start : _packer.ResumeDraw;

    public IEnumerable<TBatch> Batches() =>
        _packer.Batches(_reader.Read(_start).Select((x, i) => (_start + i, (TokenizedExample?)x.Example)), _start);

    /// <summary>Encoder-decoder batches of <paramref name="rows"/> rows from the cache.</summary>
    public static CacheBatches<EncDecBatch> EncoderDecoder(CacheReader reader, FeatureConverterOptions features, int rows, long startAt = 0) =>
        new(reader, () => new EncDecBatchBuilder(features, rows), startAt);
}
