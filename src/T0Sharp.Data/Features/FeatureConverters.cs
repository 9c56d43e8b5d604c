namespace T0Sharp.Data.Features;

/// <summary>
/// seqio's feature converters: a stream of <see cref="TokenizedExample"/> becomes a stream of fixed-shape
/// batches. Batches are filled in arrival order; the example that does not fit ends the current batch and
/// starts the next one, so the output is a deterministic function of the input order. The last, partial
/// batch is emitted padded (its unused rows have segment id 0 everywhere).
/// </summary>
public static class FeatureConverters
{
    /// <summary>Encoder-decoder (T5/T0) batches of <paramref name="batchRows"/> rows.</summary>
    public static IEnumerable<EncDecBatch> EncoderDecoder(IEnumerable<TokenizedExample> examples, FeatureConverterOptions options, int batchRows)
    {
        var builder = new EncDecBatchBuilder(options, batchRows);
        foreach (var ex in examples)
        {
            if (builder.TryAdd(ex)) continue;
            yield return builder.Build();
            builder = new EncDecBatchBuilder(options, batchRows);
            if (!builder.TryAdd(ex)) throw new InvalidOperationException("an example does not fit an empty row");
        }
        if (builder.Count > 0) yield return builder.Build();
    }

    /// <summary>Decoder-only (BLOOM) batches of <paramref name="batchRows"/> rows of Inputs+Targets positions.</summary>
    public static IEnumerable<DecoderOnlyBatch> DecoderOnly(IEnumerable<TokenizedExample> examples, FeatureConverterOptions options, int batchRows)
    {
        var builder = new DecoderOnlyBatchBuilder(options, batchRows);
        foreach (var ex in examples)
        {
            if (builder.TryAdd(ex)) continue;
            yield return builder.Build();
            builder = new DecoderOnlyBatchBuilder(options, batchRows);
            if (!builder.TryAdd(ex)) throw new InvalidOperationException("an example does not fit an empty row");
        }
        if (builder.Count > 0) yield return builder.Build();
    }
}
