namespace T0Sharp.Data.Features;

/// <summary>
/// Packs a stream of numbered tokenized examples into batches and tracks the resume point. Each batch is
/// filled in arrival order (see <see cref="EncDecBatchBuilder"/>); the first example that does not fit ends it and
/// starts the next. <see cref="ResumeDraw"/> after a batch is the draw number of that overflow example: every
/// earlier draw is in an emitted batch or was dropped, so restarting the mixture stream at that draw
/// reproduces the following batches exactly.
/// </summary>
public sealed class BatchStream<TBatch>(Func<IBatchBuilder<TBatch>> newBuilder)
{
    /// <summary>The draw to resume from after the last batch returned (the start draw before any).</summary>
    public long ResumeDraw { get; private set; } = -1;

    /// <summary>Batches from (draw number, tokens) pairs; null tokens (dropped draws) are skipped. Ends when the input ends (last batch partial).</summary>
    public IEnumerable<TBatch> Batches(IEnumerable<(long Draw, TokenizedExample? Tokens)> items, long startDraw = 0)
    {
        ResumeDraw = startDraw;
        var builder = newBuilder();
        long firstDrawAfter = startDraw;
        foreach (var (draw, tokens) in items)
        {
            if (tokens == null) continue;
            if (builder.TryAdd(tokens)) { firstDrawAfter = draw + 1; continue; }
            var batch = builder.Build();
            ResumeDraw = draw;
            yield return batch;
            builder = newBuilder();
            if (!builder.TryAdd(tokens)) throw new InvalidOperationException("an example does not fit an empty row");
            firstDrawAfter = draw + 1;
        }
        if (builder.Count > 0) { ResumeDraw = firstDrawAfter; yield return builder.Build(); }
    }
}
