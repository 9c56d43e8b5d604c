using System.Buffers.Binary;
using System.Text.Json;
using T0Sharp.Models.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace T0Sharp.Models.Tests.Checkpoints;

public class SafetensorsReadTests
{
    /// <summary>An independent reading of a fixture's raw bytes: header JSON entry and data bytes of one tensor.</summary>
    static (string Dtype, long[] Shape, byte[] Data) RawTensor(string path, string name)
    {
        var bytes = System.IO.File.ReadAllBytes(path);
        var n = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        using var doc = JsonDocument.Parse(bytes.AsMemory(8, n));
        var e = doc.RootElement.GetProperty(name);
        var offs = e.GetProperty("data_offsets").EnumerateArray().Select(x => x.GetInt64()).ToArray();
        var data = bytes.AsSpan(8 + n + (int)offs[0], (int)(offs[1] - offs[0])).ToArray();
        return (e.GetProperty("dtype").GetString()!, e.GetProperty("shape").EnumerateArray().Select(x => x.GetInt64()).ToArray(), data);
    }

    [Fact]
    public void Bf16_bloom_weights_upcast_to_fp32_exactly()
    {
        var path = Fixtures.File(Fixtures.BloomBf16, "model.safetensors");
        using var ckpt = CheckpointReader.Open(Fixtures.Dir(Fixtures.BloomBf16));
        Assert.Equal(CheckpointFormat.Safetensors, ckpt.Format);
        Assert.Contains("word_embeddings.weight", ckpt.Names);
        Assert.DoesNotContain("lm_head.weight", ckpt.Names);
        Assert.All(ckpt.Tensors, t => Assert.Equal(TensorDType.BFloat16, t.DType));

        foreach (var name in new[] { "word_embeddings.weight", "h.0.self_attention.query_key_value.weight", "ln_f.bias" })
        {
            var (dtype, shape, data) = RawTensor(path, name);
            Assert.Equal("BF16", dtype);
            using var t = ckpt.Load(name);
            Assert.Equal(ScalarType.Float32, t.dtype);
            Assert.Equal(shape, t.shape);
            var values = t.data<float>().ToArray();
            for (var i = 0; i < values.Length; i++)
            {
                var bits = (uint)BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(2 * i)) << 16;
                Assert.Equal(bits, BitConverter.SingleToUInt32Bits(values[i]));
            }
        }
    }

    [Fact]
    public void Fp32_file_loads_bit_identical_values()
    {
        var path = Fixtures.File(Fixtures.T0GatedGelu, "model.safetensors");
        using var ckpt = CheckpointReader.Open(Fixtures.Dir(Fixtures.T0GatedGelu));
        Assert.Equal(new long[] { 32128, 32 }, ckpt.Info("shared.weight").Shape);
        Assert.False(ckpt.Contains("encoder.embed_tokens.weight"));
        Assert.True(ckpt.Contains("lm_head.weight"));
        var (_, _, data) = RawTensor(path, "encoder.block.0.layer.1.DenseReluDense.wi_0.weight");
        using var t = ckpt.Load("encoder.block.0.layer.1.DenseReluDense.wi_0.weight");
        Assert.Equal(new long[] { 48, 32 }, t.shape);
        Assert.Equal(data, t.bytes.ToArray());
    }

    [Fact]
    public void Sharded_checkpoint_reads_every_tensor_from_its_shard()
    {
        var dir = Fixtures.Dir(Fixtures.Mt0Sharded);
        using var ckpt = CheckpointReader.Open(dir);
        Assert.Equal(CheckpointFormat.ShardedSafetensors, ckpt.Format);
        Assert.Equal(3, ckpt.Files.Count);
        var index = ShardIndex.Read(System.IO.Path.Combine(dir, "model.safetensors.index.json"));
        Assert.Equal(index.WeightMap.Keys.Order(), ckpt.Names.Order());
        Assert.Equal(index.TotalSize, ckpt.Tensors.Sum(t => t.ByteCount));
        foreach (var info in ckpt.Tensors)
        {
            Assert.Equal(index.WeightMap[info.Name], System.IO.Path.GetFileName(info.FilePath));
            var (_, shape, data) = RawTensor(info.FilePath, info.Name);
            using var t = ckpt.Load(info.Name);
            Assert.Equal(shape, t.shape);
            Assert.Equal(data, t.bytes.ToArray());
        }
        Assert.Equal(new long[] { 2048, 16 }, ckpt.Info("shared.weight").Shape);
    }

    [Fact]
    public void Expected_tensor_files_are_readable()
    {
        foreach (var fixture in Fixtures.All)
        {
            using var file = SafetensorsFile.Open(Fixtures.File(fixture, "expected_tensors.safetensors"));
            Assert.NotEmpty(file.Tensors);
            Assert.All(file.Tensors, t => Assert.Equal(TensorDType.Float32, t.DType));
            var logits = file.Tensors.First(t => t.Name == "in0.logits");
            using var l = file.Load(logits.Name);
            Assert.Equal(2, l.dim());
            Assert.True(l.isfinite().all().item<bool>());
        }
    }

    [Fact]
    public void Loads_onto_requested_float_type()
    {
        using var ckpt = CheckpointReader.Open(Fixtures.Dir(Fixtures.BloomBf16));
        using var bf = ckpt.Load("ln_f.weight", floatType: ScalarType.BFloat16);
        using var f = ckpt.Load("ln_f.weight");
        Assert.Equal(ScalarType.BFloat16, bf.dtype);
        using var back = bf.to_type(ScalarType.Float32);
        Assert.True(back.eq(f).all().item<bool>());
    }
}
