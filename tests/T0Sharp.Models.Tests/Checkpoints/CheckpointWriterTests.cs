using T0Sharp.Models.Checkpoints;
using T0Sharp.Tests;
using TorchSharp;
using static TorchSharp.torch;

namespace T0Sharp.Models.Tests.Checkpoints;

public class CheckpointWriterTests
{
    /// <summary>Loads every tensor in its stored type (so a re-save can be byte-identical).</summary>
    static List<(string Name, Tensor Tensor)> LoadStored(Checkpoint ckpt) =>
        ckpt.Tensors.Select(t => (t.Name, ckpt.Load(t.Name, floatType: t.DType.ToScalarType()))).ToList();

    [Theory]
    [InlineData(Fixtures.BloomBf16)]
    [InlineData(Fixtures.T0GatedGelu)]
    public void Single_file_round_trip_is_byte_identical(string fixture)
    {
        using var tmp = TestPaths.NewTempDir();
        using (var ckpt = CheckpointReader.Open(Fixtures.Dir(fixture)))
        {
            var tensors = LoadStored(ckpt);
            var files = CheckpointWriter.Save(tmp.Path, tensors);
            Assert.Equal([tmp.File("model.safetensors")], files);
            foreach (var (_, t) in tensors) t.Dispose();
        }
        Assert.Equal(File.ReadAllBytes(Fixtures.File(fixture, "model.safetensors")), File.ReadAllBytes(tmp.File("model.safetensors")));
        Assert.Equal(["model.safetensors"], Directory.GetFiles(tmp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Sharded_round_trip_reproduces_hf_shards_and_index()
    {
        using var tmp = TestPaths.NewTempDir();
        var dir = Fixtures.Dir(Fixtures.Mt0Sharded);
        using (var ckpt = CheckpointReader.Open(dir))
        {
            var tensors = LoadStored(ckpt);
            // 2048 x 16 fp32 embeddings = 131072 bytes: with that limit, HF's rule puts shared and lm_head alone.
            var files = CheckpointWriter.Save(tmp.Path, tensors, maxShardBytes: 131072);
            Assert.Equal(4, files.Count);
            foreach (var (_, t) in tensors) t.Dispose();
        }
        foreach (var name in new[] { "model.safetensors.index.json", "model-00001-of-00003.safetensors",
                     "model-00002-of-00003.safetensors", "model-00003-of-00003.safetensors" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(dir, name)), File.ReadAllBytes(tmp.File(name)));
        Assert.Equal(4, Directory.GetFiles(tmp.Path).Length);
    }

    [Fact]
    public void Pickle_checkpoint_converts_to_safetensors_with_equal_values()
    {
        using var tmp = TestPaths.NewTempDir();
        using var bin = CheckpointReader.Open(Fixtures.Dir(Fixtures.T5Relu));
        var tensors = bin.LoadAll().ToList();
        CheckpointWriter.Save(tmp.Path, tensors, maxShardBytes: 1 << 20);
        using var back = CheckpointReader.Open(tmp.Path);
        Assert.Equal(CheckpointFormat.ShardedSafetensors, back.Format);
        Assert.Equal(bin.Names.Order(), back.Names.Order());
        foreach (var (name, t) in tensors)
        {
            using var u = back.Load(name);
            Assert.Equal(t.shape, u.shape);
            Assert.True(t.eq(u).all().item<bool>(), name);
            t.Dispose();
        }
    }

    [Fact]
    public void Dtype_conversion_on_write_rounds_like_torch_and_reads_back_exactly()
    {
        using var tmp = TestPaths.NewTempDir();
        using var scope = NewDisposeScope();
        var gen = new torch.Generator(7);
        // Random values plus the rounding edge cases: ties to even both ways, NaN, infinities, overflow to inf, -0.
        var edges = new uint[] { 0x3F808000, 0x3F818000, 0x7FC00001, 0xFFC00000, 0x7F800000, 0xFF800000, 0x7F7FFFFF, 0x80000000, 0x00000001 };
        var w = torch.cat([torch.randn([37 * 5], generator: gen) * 300, torch.tensor(edges.Select(BitConverter.UInt32BitsToSingle).ToArray())]).reshape(-1, 2);
        var ids = torch.arange(10, dtype: ScalarType.Int64);
        foreach (var dtype in new[] { TensorDType.BFloat16, TensorDType.Float16, TensorDType.Float64 })
        {
            CheckpointWriter.Save(tmp.Path, [("w", w), ("ids", ids)], dtype);
            using var ckpt = CheckpointReader.Open(tmp.Path);
            Assert.Equal(dtype, ckpt.Info("w").DType);
            Assert.Equal(TensorDType.Int64, ckpt.Info("ids").DType);
            var expected = w.to_type(dtype.ToScalarType()).to_type(ScalarType.Float32);
            var loaded = ckpt.Load("w");
            // Bitwise, except NaN payloads: torch's own vectorized and scalar paths disagree on those (0xFFFF vs 0x7FC0).
            Assert.True(loaded.isnan().eq(expected.isnan()).all().item<bool>());
            var valid = expected.isnan().logical_not();
            Assert.Equal(expected.masked_select(valid).bytes.ToArray(), loaded.masked_select(valid).bytes.ToArray());
            Assert.True(ckpt.Load("ids").eq(ids).all().item<bool>());
        }
    }

    [Fact]
    public void Non_contiguous_and_scalar_tensors_are_written_row_major()
    {
        using var tmp = TestPaths.NewTempDir();
        using var scope = NewDisposeScope();
        var m = torch.arange(12, dtype: ScalarType.Float32).reshape(3, 4);
        var scalar = torch.tensor(2.5f);
        var empty = torch.zeros(0, 3);
        CheckpointWriter.Save(tmp.Path, [("t", m.t()), ("s", scalar), ("e", empty)]);
        using var ckpt = CheckpointReader.Open(tmp.Path);
        Assert.True(ckpt.Load("t").eq(m.t()).all().item<bool>());
        Assert.Empty(ckpt.Info("s").Shape);
        Assert.Equal(2.5f, ckpt.Load("s").item<float>());
        Assert.Equal(new long[] { 0, 3 }, ckpt.Load("e").shape);
    }

    [Fact]
    public void Failed_write_keeps_the_previous_checkpoint_and_leaves_no_partial_file()
    {
        using var tmp = TestPaths.NewTempDir();
        using var scope = NewDisposeScope();
        CheckpointWriter.Save(tmp.Path, [("a", torch.ones(4))]);
        var before = File.ReadAllBytes(tmp.File("model.safetensors"));
        // The meta tensor has a shape but no data: the write fails after "a" has gone to the temporary file.
        var meta = torch.empty([8], device: torch.META);
        Assert.ThrowsAny<Exception>(() => CheckpointWriter.Save(tmp.Path, [("a", torch.zeros(4)), ("b", meta)]));
        Assert.ThrowsAny<Exception>(() => CheckpointWriter.Save(tmp.Path, [("a", torch.zeros(4)), ("b", meta)], maxShardBytes: 16));
        Assert.Equal(before, File.ReadAllBytes(tmp.File("model.safetensors")));
        Assert.Equal(["model.safetensors"], Directory.GetFiles(tmp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Resaving_unsharded_over_sharded_removes_the_stale_shards()
    {
        using var tmp = TestPaths.NewTempDir();
        using var scope = NewDisposeScope();
        CheckpointWriter.Save(tmp.Path, [("a", torch.ones(4)), ("b", torch.ones(4))], maxShardBytes: 16);
        Assert.Equal(3, Directory.GetFiles(tmp.Path).Length);
        File.WriteAllText(tmp.File("config.json"), "{}");
        CheckpointWriter.Save(tmp.Path, [("a", torch.ones(4)), ("b", torch.ones(4))]);
        Assert.Equal(["config.json", "model.safetensors"], Directory.GetFiles(tmp.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Duplicate_or_reserved_names_are_refused_before_writing()
    {
        using var tmp = TestPaths.NewTempDir();
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentException>(() => CheckpointWriter.Save(tmp.Path, [("a", torch.ones(1)), ("a", torch.ones(1))]));
        Assert.Throws<ArgumentException>(() => CheckpointWriter.Save(tmp.Path, [("__metadata__", torch.ones(1))]));
        Assert.Empty(Directory.GetFiles(tmp.Path));
    }
}
