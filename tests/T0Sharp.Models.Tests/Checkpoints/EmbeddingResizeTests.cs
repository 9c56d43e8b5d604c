using System.Text.Json.Nodes;
using T0Sharp.Models.Checkpoints;
using T0Sharp.Tests;
using static TorchSharp.torch;

namespace T0Sharp.Models.Tests.Checkpoints;

/// <summary>Resizing and initialising the tiny bf16 BLOOM's embedding table for a changed vocabulary.</summary>
public class EmbeddingResizeTests
{
    static string Bloom => TestPaths.TestData("models", "tiny-bloomz-bloom-bf16");

    static float[] Row(Checkpoint c, int row)
    {
        using var t = c.Load("word_embeddings.weight");
        return t[row].data<float>().ToArray();
    }

    [Fact]
    public void Copied_rows_are_bit_identical_mean_rows_are_the_mean_and_fresh_rows_are_seeded()
    {
        using var dir = TestPaths.NewTempDir();
        List<int[]> sources = [.. Enumerable.Range(0, 10).Select(i => new[] { i }), [3, 5, 7], [], []];
        var s = EmbeddingResize.Write(Bloom, dir.File("a"), sources, rows: null, seed: 7);
        Assert.Equal((2048, 2048, 10, 1, 2, 2048 - 13), (s.OldRows, s.NewRows, s.Copied, s.Averaged, s.Random, s.Kept));
        EmbeddingResize.Write(Bloom, dir.File("b"), sources, rows: null, seed: 7);
        EmbeddingResize.Write(Bloom, dir.File("c"), sources, rows: null, seed: 8);

        using var old = CheckpointReader.Open(Bloom);
        using var a = CheckpointReader.Open(dir.File("a"));
        using var b = CheckpointReader.Open(dir.File("b"));
        using var c = CheckpointReader.Open(dir.File("c"));
        Assert.Equal(old.Info("word_embeddings.weight").DType, a.Info("word_embeddings.weight").DType);
        for (var i = 0; i < 10; i++) Assert.Equal(Row(old, i), Row(a, i));
        foreach (var i in new[] { 13, 500, 2047 }) Assert.Equal(Row(old, i), Row(a, i));
        // row 10: the mean of rows 3, 5, 7, computed here in doubles and stored as bf16 (relative error at most bf16's unit roundoff, 2^-8)
        var (r3, r5, r7, r10) = (Row(old, 3), Row(old, 5), Row(old, 7), Row(a, 10));
        for (var j = 0; j < r10.Length; j++)
        {
            var mean = ((double)r3[j] + r5[j] + r7[j]) / 3;
            Assert.True(Math.Abs(r10[j] - mean) <= Math.Abs(mean) * Math.Pow(2, -8), $"column {j}: {r10[j]} vs {mean}");
        }
        // fresh rows: the same seed gives the same rows, another seed other rows; spread about initializer_range 0.02
        Assert.Equal(Row(a, 11), Row(b, 11));
        Assert.NotEqual(Row(a, 11), Row(c, 11));
        var fresh = Row(a, 11).Concat(Row(a, 12)).Select(x => (double)x).ToArray();
        var std = Math.Sqrt(fresh.Select(x => x * x).Average());
        Assert.InRange(std, 0.014, 0.026);
        // every other tensor and config field is unchanged
        foreach (var info in old.Tensors.Where(t => t.Name != "word_embeddings.weight"))
        {
            using var x = old.Load(info.Name);
            using var y = a.Load(info.Name);
            Assert.True(x.shape.SequenceEqual(y.shape) && x.eq(y).all().item<bool>(), info.Name);
        }
        var oldConfig = JsonNode.Parse(File.ReadAllText(Path.Combine(Bloom, "config.json")))!.AsObject();
        var newConfig = JsonNode.Parse(File.ReadAllText(dir.File("a/config.json")))!.AsObject();
        Assert.True(JsonNode.DeepEquals(oldConfig, newConfig));
    }

    [Fact]
    public void Rows_grow_and_shrink_with_the_vocabulary_and_bad_sources_are_refused()
    {
        using var dir = TestPaths.NewTempDir();
        var grow = EmbeddingResize.Write(Bloom, dir.File("grow"), [.. Enumerable.Range(0, 2048).Select(i => new[] { i }), [1, 2], []], rows: null, seed: 0);
        Assert.Equal((2050, 2048, 1, 1, 0), (grow.NewRows, grow.Copied, grow.Averaged, grow.Random, grow.Kept));
        var shrink = EmbeddingResize.Write(Bloom, dir.File("shrink"), [[0], [], [2], [3], [9]], rows: 5, seed: 0);
        Assert.Equal((5, 4, 1, 0), (shrink.NewRows, shrink.Copied, shrink.Random, shrink.Kept));
        using (var g = CheckpointReader.Open(dir.File("grow"))) Assert.Equal([2050L, 48], g.Info("word_embeddings.weight").Shape);
        using (var m = PretrainedModel.Load(dir.File("shrink"))) Assert.Equal(5, m.Config.VocabSize);
        Assert.Throws<ArgumentException>(() => EmbeddingResize.Write(Bloom, dir.File("bad"), [[2048]], rows: null, seed: 0));
        Assert.Throws<ArgumentException>(() => EmbeddingResize.Write(Bloom, dir.File("bad2"), [[0], [1]], rows: 1, seed: 0));
        Assert.Throws<FileNotFoundException>(() => EmbeddingResize.Write(dir.Path, dir.File("bad3"), [[0]], rows: null, seed: 0));
    }
}
