using T0Sharp.Data.Cache;
using T0Sharp.Data.Features;
using T0Sharp.Data.Mixtures;
using T0Sharp.Data.Sources;
using T0Sharp.Data.Tasks;
using T0Sharp.Data.Tests.Support;
using T0Sharp.Tests;

namespace T0Sharp.Data.Tests.Cache;

public sealed class CacheTests : IDisposable
{
    readonly TempDir _dir = TestPaths.NewTempDir();
    readonly DatasetDirectory _data;

    public CacheTests()
    {
        DataFiles.Rows(_dir.Path, "data/a/train.jsonl", "alpha beta", 50);
        DataFiles.Rows(_dir.Path, "data/b/train.jsonl", "gamma", 20);
        _data = new DatasetDirectory(Path.Combine(_dir.Path, "data"));
    }

    public void Dispose() => _dir.Dispose();

    Mixture Mix() => new("cache_mix",
    [
        new MixtureComponent(new PromptTask("a", null, "train", FakeTemplate.TextLabel("ta")), 2),
        new MixtureComponent(new PromptTask("b", null, "train", new FakeTemplate("tb", (ex, _) => (long)ex["label"]! == 0 ? ["only one part"] : [$"b {ex["text"]}", "yes"])), 1),
    ]);

    ExamplePipeline Pipeline(long seed = 3) => new(new MixtureStream(Mix(), _data, seed), new FakeTokenizer());

    static readonly CacheBuildInfo Info = new("data", null, "fake", "fp-1");

    [Fact]
    public void Built_cache_streams_back_the_same_examples()
    {
        var folder = Path.Combine(_dir.Path, "cache");
        var index = MixtureCacheBuilder.Build(Pipeline(), folder, 5000, Info);
        var expected = Pipeline().Examples().Take(5000).Select(i => (i.Draw, i.Tokens!)).ToList();

        var reader = new CacheReader(folder);
        Assert.Equal(5000, reader.Index.Examples);
        var got = reader.Read().ToList();
        Assert.Equal(expected.Count, got.Count);
        for (int i = 0; i < got.Count; i++)
        {
            Assert.Equal(expected[i].Draw, got[i].Draw);
            Assert.Equal(expected[i].Item2.Inputs, got[i].Example.Inputs);
            Assert.Equal(expected[i].Item2.Targets, got[i].Example.Targets);
            Assert.Equal(expected[i].Item2.TaskIndex, got[i].Example.TaskIndex);
        }
        Assert.Equal(expected.Sum(e => (long)e.Item2.Inputs.Length), index.InputTokens);
        Assert.Equal(["a_ta", "b_tb"], index.Tasks.Select(t => t.Name));
        Assert.Equal(5000, index.Tasks.Sum(t => t.Examples));
        Assert.True(index.Dropped > 0);                                  // task b's label-0 rows render one part
        Assert.Equal(expected[^1].Draw + 1, MixtureCursor.FromJson(index.EndCursor!).Draws);
        Assert.Equal(got.Skip(4100).Select(g => g.Draw), reader.Read(skip: 4100).Select(g => g.Draw));
        Assert.Throws<InvalidDataException>(() => reader.RequireTokenizer("other"));
        reader.RequireTokenizer("fp-1");
        Assert.Empty(Directory.GetDirectories(_dir.Path, ".cache.building-*"));
    }

    [Fact]
    public void Interrupted_build_leaves_no_cache_and_keeps_the_previous_one()
    {
        var folder = Path.Combine(_dir.Path, "cache");
        MixtureCacheBuilder.Build(Pipeline(), folder, 100, Info);
        using var cts = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            MixtureCacheBuilder.Build(Pipeline(seed: 9), folder, 10_000, Info, n => { if (n >= 2048) cts.Cancel(); }, cts.Token));
        Assert.Equal(100, new CacheReader(folder).Index.Examples);      // the old cache is intact
        Assert.Empty(Directory.GetDirectories(_dir.Path, ".cache.building-*"));

        var fresh = Path.Combine(_dir.Path, "fresh");
        Assert.ThrowsAny<OperationCanceledException>(() =>
            MixtureCacheBuilder.Build(Pipeline(), fresh, 10_000, Info, _ => cts.Cancel(), cts.Token));
        Assert.False(Directory.Exists(fresh));
    }

    [Fact]
    public void A_killed_build_folder_never_looks_complete()
    {
        // Simulate a process killed mid-build: the writer is abandoned without Complete or Dispose.
        var writer = new CacheWriter(Path.Combine(_dir.Path, "killed"));
        writer.Add(new TokenizedExample([5, 1], [6, 1], 0), 0);
        Assert.False(Directory.Exists(Path.Combine(_dir.Path, "killed")));
        var e = Assert.Throws<InvalidDataException>(() => new CacheReader(writer.TemporaryFolder));
        Assert.Contains("not a complete T0Sharp cache", e.Message);
        writer.Dispose();
        Assert.False(Directory.Exists(writer.TemporaryFolder));
    }

    [Fact]
    public void Refuses_to_overwrite_a_folder_that_is_not_a_cache()
    {
        var folder = Path.Combine(_dir.Path, "precious");
        DataFiles.Write(folder, "notes.txt", "keep me");
        Assert.Throws<IOException>(() => new CacheWriter(folder));
        Assert.True(File.Exists(Path.Combine(folder, "notes.txt")));
    }

    [Fact]
    public void Cached_examples_pack_like_fresh_ones()
    {
        var folder = Path.Combine(_dir.Path, "cache");
        MixtureCacheBuilder.Build(Pipeline(), folder, 300, Info);
        var o = new FeatureConverterOptions(new FeatureLengths(16, 6));
        var fromCache = FeatureConverters.EncoderDecoder(new CacheReader(folder).Read().Select(x => x.Example), o, 4).ToList();
        var fresh = FeatureConverters.EncoderDecoder(Pipeline().Examples().Take(300).Select(i => i.Tokens!), o, 4).ToList();
        Assert.Equal(fresh.Count, fromCache.Count);
        Assert.Equal(fresh.SelectMany(b => b.EncoderInputTokens), fromCache.SelectMany(b => b.EncoderInputTokens));
        Assert.Equal(fresh.SelectMany(b => b.DecoderInputTokens), fromCache.SelectMany(b => b.DecoderInputTokens));
    }
}

public sealed class CacheBatchesTests : IDisposable
{
    readonly TempDir _dir = TestPaths.NewTempDir();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Resuming_at_the_position_gives_the_same_batches()
    {
        var folder = Path.Combine(_dir.Path, "c");
        using (var w = new CacheWriter(folder))
        {
            for (int i = 0; i < 40; i++) w.Add(new TokenizedExample(Enumerable.Range(10, 1 + i % 5).Append(1).ToArray(), [20 + i, 1], i % 3), i);
            w.Complete(x => new CacheIndex { Mixture = "m", TokenizerFingerprint = "f", Examples = x.Examples, Tasks = [] });
        }
        var reader = new CacheReader(folder);
        var o = new FeatureConverterOptions(new FeatureLengths(8, 4));
        var all = CacheBatches<EncDecBatch>.EncoderDecoder(reader, o, 2);
        using var e = all.Batches().GetEnumerator();
        long firstThree = 0;
        for (int i = 0; i < 3; i++) { e.MoveNext(); firstThree += e.Current.ExampleCount; }
        long position = all.Position;
        Assert.Equal(firstThree, position);
        var expected = new List<EncDecBatch>();
        while (e.MoveNext()) expected.Add(e.Current);
        var resumed = CacheBatches<EncDecBatch>.EncoderDecoder(reader, o, 2, startAt: position).Batches().ToList();
        Assert.Equal(expected.Count, resumed.Count);
        Assert.Equal(expected.SelectMany(b => b.EncoderInputTokens), resumed.SelectMany(b => b.EncoderInputTokens));
        Assert.Equal(expected.SelectMany(b => b.DecoderTargetTokens), resumed.SelectMany(b => b.DecoderTargetTokens));
        Assert.Equal(40, expected.Sum(b => b.ExampleCount) + firstThree);
    }
}
