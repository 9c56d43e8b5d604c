using T0Sharp.Data.Features;
using T0Sharp.Data.Mixtures;
using T0Sharp.Data.Sources;
using T0Sharp.Data.Tasks;
using T0Sharp.Data.Tests.Support;
using T0Sharp.Tests;

namespace T0Sharp.Data.Tests.Mixtures;

public sealed class MixtureStreamTests : IDisposable
{
    readonly TempDir _dir = TestPaths.NewTempDir();
    readonly DatasetDirectory _data;

    public MixtureStreamTests()
    {
        DataFiles.Rows(_dir.Path, "big/train.jsonl", "big", 30);
        DataFiles.Rows(_dir.Path, "small/train.jsonl", "small", 3);
        _data = new DatasetDirectory(_dir.Path);
    }

    public void Dispose() => _dir.Dispose();

    Mixture TwoTasks(double bigRate = 3, double smallRate = 1) => new("test_mix",
    [
        new MixtureComponent(new PromptTask("big", null, "train", FakeTemplate.TextLabel("b")), bigRate),
        new MixtureComponent(new PromptTask("small", null, "train", FakeTemplate.TextLabel("s")), smallRate),
    ]);

    static string Key(MixtureDraw d) => $"{d.TaskIndex}:{d.Row.Values["text"]}:{d.Epoch}";

    [Fact]
    public void Same_seed_same_stream_other_seed_other_stream()
    {
        using var a = new MixtureStream(TwoTasks(), _data, seed: 7);
        using var b = new MixtureStream(TwoTasks(), _data, seed: 7);
        using var c = new MixtureStream(TwoTasks(), _data, seed: 8);
        var sa = a.Draw().Take(200).Select(Key).ToList();
        Assert.Equal(sa, b.Draw().Take(200).Select(Key).ToList());
        Assert.NotEqual(sa, c.Draw().Take(200).Select(Key).ToList());
    }

    [Fact]
    public void Tasks_are_drawn_in_proportion_to_their_rates()
    {
        using var s = new MixtureStream(TwoTasks(3, 1), _data, seed: 1);
        Assert.Equal([0.75, 0.25], s.Probabilities);
        int small = s.Draw().Take(40_000).Count(d => d.TaskIndex == 1);
        Assert.InRange(small / 40_000.0, 0.24, 0.26);                    // 5 standard deviations is 0.011
    }

    [Fact]
    public void File_order_cycles_through_epochs_without_shuffle()
    {
        using var s = new MixtureStream(TwoTasks(0.000001, 1), _data, seed: 3, shuffleBlock: 0);
        var small = s.Draw().Where(d => d.TaskIndex == 1).Take(7).Select(d => $"{d.Row.Values["text"]}@{d.Epoch}").ToList();
        Assert.Equal(["small 0@0", "small 1@0", "small 2@0", "small 0@1", "small 1@1", "small 2@1", "small 0@2"], small);
    }

    [Fact]
    public void Shuffle_blocks_permute_within_each_block_and_epoch()
    {
        using var s = new MixtureStream(new Mixture("one", [new MixtureComponent(new PromptTask("big", null, "train", FakeTemplate.TextLabel()), 1)]), _data, seed: 5, shuffleBlock: 8);
        var draws = s.Draw().Take(60).ToList();
        var epoch0 = draws.Take(30).Select(d => d.Row.Index).ToList();
        Assert.Equal(Enumerable.Range(0, 30).Select(i => (long)i), epoch0.Order());
        for (int b = 0; b < 4; b++)                                       // blocks 0-7, 8-15, 16-23, 24-29
            Assert.All(epoch0.Skip(b * 8).Take(8), i => Assert.Equal(b, (int)(i / 8)));
        Assert.NotEqual(Enumerable.Range(0, 30).Select(i => (long)i), epoch0);
        Assert.NotEqual(epoch0, draws.Skip(30).Select(d => d.Row.Index).ToList());
        Assert.All(draws.Skip(30), d => Assert.Equal(1, d.Epoch));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void Restoring_a_cursor_continues_exactly(int shuffleBlock)
    {
        using var a = new MixtureStream(TwoTasks(), _data, seed: 11, shuffleBlock: shuffleBlock);
        var first = a.Draw().Take(37).ToList();
        var json = a.Cursor.ToJson();
        var rest = a.Draw().Take(100).Select(Key).ToList();
        using var b = MixtureStream.Restore(TwoTasks(), _data, MixtureCursor.FromJson(json));
        Assert.Equal(37, b.Draws);
        Assert.Equal(rest, b.Draw().Take(100).Select(Key).ToList());
    }

    [Fact]
    public void Cursor_json_round_trips_and_a_changed_mixture_is_refused()
    {
        using var a = new MixtureStream(TwoTasks(), _data, seed: 2);
        a.Draw().Take(5).ToList();
        var c = a.Cursor;
        Assert.Equal(c, MixtureCursor.FromJson(c.ToJson()));
        Assert.Contains("\"draws\":5", c.ToJson());
        var e = Assert.Throws<InvalidOperationException>(() => MixtureStream.Restore(TwoTasks(3, 2), _data, c));
        Assert.Contains("cannot resume", e.Message);
        Assert.Throws<FormatException>(() => MixtureCursor.FromJson("{\"nope\": 1}"));
    }

    [Fact]
    public void Parallel_pipeline_gives_the_sequential_output()
    {
        List<string> Run(int threads)
        {
            using var s = new MixtureStream(TwoTasks(), _data, seed: 4);
            var p = new ExamplePipeline(s, new FakeTokenizer(), new PipelineOptions(threads, ChunkSize: 16));
            return p.Items().Take(100).Select(i => $"{i.Draw}:{i.Example?.Inputs}:{string.Join(",", i.Tokens?.Inputs ?? [])}").ToList();
        }
        Assert.Equal(Run(1), Run(4));
    }

    [Fact]
    public void Batches_resume_exactly_from_the_saved_cursor()
    {
        var features = new FeatureConverterOptions(new FeatureLengths(12, 4));
        using var a = new MixtureStream(TwoTasks(), _data, seed: 9);
        var batches = MixtureBatches<EncDecBatch>.EncoderDecoder(a, new FakeTokenizer(), features, rows: 2, new PipelineOptions(ChunkSize: 8));
        using var e = batches.Batches().GetEnumerator();
        for (int i = 0; i < 3; i++) Assert.True(e.MoveNext());
        var cursor = batches.Cursor;
        Assert.True(cursor.Draws > 0);
        var next = Enumerable.Range(0, 3).Select(_ => { e.MoveNext(); return e.Current; }).ToList();

        using var b = MixtureStream.Restore(TwoTasks(), _data, MixtureCursor.FromJson(cursor.ToJson()));
        var resumed = MixtureBatches<EncDecBatch>.EncoderDecoder(b, new FakeTokenizer(), features, 2, new PipelineOptions(ChunkSize: 5)).Batches().Take(3).ToList();
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(next[i].EncoderInputTokens, resumed[i].EncoderInputTokens);
            Assert.Equal(next[i].DecoderTargetTokens, resumed[i].DecoderTargetTokens);
            Assert.Equal(next[i].EncoderSegmentIds, resumed[i].EncoderSegmentIds);
        }
        Assert.True(next[0].ExampleCount >= 2);                          // packing happened
    }
}
