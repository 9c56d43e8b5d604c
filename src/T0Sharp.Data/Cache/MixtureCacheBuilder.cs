using T0Sharp.Data.Mixtures;

namespace T0Sharp.Data.Cache;

/// <summary>What a cache build records about its inputs (written to index.json).</summary>
public sealed record CacheBuildInfo(string? Data, string? Templates, string? Tokenizer, string TokenizerFingerprint);

/// <summary>Writes the first <c>maxExamples</c> kept examples of a mixture pipeline to a tokenized cache.</summary>
public static class MixtureCacheBuilder
{
    /// <summary>
    /// Runs <paramref name="pipeline"/> (which must have a tokenizer) until <paramref name="maxExamples"/> examples are
    /// kept, writing them to <paramref name="folder"/> atomically (see <see cref="CacheWriter"/>). <paramref name="progress"/>
    /// gets the number of examples written so far. Cancellation or an exception leaves no cache under the final name.
    /// </summary>
    public static CacheIndex Build(ExamplePipeline pipeline, string folder, long maxExamples, CacheBuildInfo info,
        Action<long>? progress = null, CancellationToken cancel = default)
    {
        if (maxExamples <= 0) throw new ArgumentOutOfRangeException(nameof(maxExamples), "a cache needs at least one example");
        using var writer = new CacheWriter(folder);
        long lastDraw = pipeline.Stream.Draws - 1;
        long dropped = 0;
        foreach (var item in pipeline.Items())
        {
            cancel.ThrowIfCancellationRequested();
            if (item.Tokens == null) { dropped++; continue; }
            writer.Add(item.Tokens ?? throw new InvalidOperationException("the pipeline has no tokenizer"), item.Draw);
            lastDraw = item.Draw;
            if (writer.Examples % 1024 == 0) progress?.Invoke(writer.Examples);
            if (writer.Examples >= maxExamples) break;
        }
        progress?.Invoke(writer.Examples);
        cancel.ThrowIfCancellationRequested();
        var stream = pipeline.Stream;
        var tasks = stream.Tasks;
        return writer.Complete(w => new CacheIndex
        {
            Mixture = stream.Cursor.Mixture,
            Seed = stream.Seed,
            Data = info.Data,
            Templates = info.Templates,
            Tokenizer = info.Tokenizer,
            TokenizerFingerprint = info.TokenizerFingerprint,
            EosConvention = pipeline.Convention.Name,
            Examples = w.Examples,
            InputTokens = w.InputTokens,
            TargetTokens = w.TargetTokens,
            MaxInputLength = w.MaxInputLength,
            MaxTargetLength = w.MaxTargetLength,
            Draws = lastDraw + 1,
            Dropped = dropped,
            EndCursor = (stream.Cursor with { Draws = lastDraw + 1 }).ToJson(),
            CreatedUtc = DateTime.UtcNow,
            Tasks = tasks.Select((t, i) => w.PerTask.TryGetValue(i, out var s)
                ? new CacheTaskStats(t.Name, s.N, s.In, s.Tg) : new CacheTaskStats(t.Name, 0, 0, 0)).ToList(),
        });
    }
}
