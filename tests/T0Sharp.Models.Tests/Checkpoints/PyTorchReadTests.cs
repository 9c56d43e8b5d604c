using System.IO.Compression;
using T0Sharp.Models.Checkpoints;
using static TorchSharp.torch;

namespace T0Sharp.Models.Tests.Checkpoints;

public class PyTorchReadTests
{
    static readonly string[] TiedKeys = ["shared.weight", "encoder.embed_tokens.weight", "decoder.embed_tokens.weight", "lm_head.weight"];

    /// <summary>The raw bytes of a storage entry, read independently through System.IO.Compression.</summary>
    static byte[] StorageBytes(string path, string key)
    {
        using var zip = ZipFile.OpenRead(path);
        var entry = zip.Entries.Single(e => e.FullName.EndsWith("/data/" + key, StringComparison.Ordinal));
        using var s = entry.Open();
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }

    [Fact]
    public void T5_relu_bin_lists_every_key_with_shapes()
    {
        using var ckpt = CheckpointReader.Open(Fixtures.Dir(Fixtures.T5Relu));
        Assert.Equal(CheckpointFormat.PyTorch, ckpt.Format);
        foreach (var k in TiedKeys) Assert.Equal(new long[] { 32128, 32 }, ckpt.Info(k).Shape);
        Assert.All(ckpt.Tensors, t => Assert.Equal(TensorDType.Float32, t.DType));
        Assert.Equal(new long[] { 64, 32 }, ckpt.Info("encoder.block.2.layer.1.DenseReluDense.wi.weight").Shape);
        Assert.Equal(new long[] { 32, 4 }, ckpt.Info("encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight").Shape);
        Assert.Contains("decoder.block.1.layer.2.DenseReluDense.wo.weight", ckpt.Names);
        Assert.DoesNotContain("decoder.block.2.layer.0.SelfAttention.q.weight", ckpt.Names);
        Assert.Equal(ckpt.Tensors.Count, ckpt.Names.Distinct().Count());
    }

    [Fact]
    public void T5_relu_bin_values_equal_the_stored_bytes()
    {
        var path = Fixtures.File(Fixtures.T5Relu, "pytorch_model.bin");
        using var ckpt = CheckpointReader.Open(path);
        using var shared = ckpt.Load("shared.weight");
        Assert.Equal(StorageBytes(path, "0"), shared.contiguous().bytes.ToArray());
        using var q = ckpt.Load("encoder.block.0.layer.0.SelfAttention.q.weight");
        Assert.Equal(StorageBytes(path, "1"), q.bytes.ToArray());
    }

    [Fact]
    public void Tied_keys_share_one_storage()
    {
        using var ckpt = CheckpointReader.Open(Fixtures.Dir(Fixtures.T5Relu));
        var tensors = TiedKeys.Select(k => ckpt.Load(k)).ToArray();
        try
        {
            using var before = tensors[3].clone();
            tensors[0].add_(1.0f); // an in-place change through one key is seen through the others
            foreach (var t in tensors.Skip(1))
                Assert.True(t.eq(before + 1.0f).all().item<bool>());
        }
        finally
        {
            foreach (var t in tensors) t.Dispose();
        }
        using var fresh = ckpt.Load("lm_head.weight"); // every sharer handed out: loads again, untouched
        Assert.Equal(StorageBytes(Fixtures.File(Fixtures.T5Relu, "pytorch_model.bin"), "0"), fresh.bytes.ToArray());
    }

    [Fact]
    public void Sharded_bin_index_takes_each_tensor_from_its_named_shard()
    {
        using var tmp = T0Sharp.Tests.TestPaths.NewTempDir();
        // Two shards holding the same keys: the index decides which file each tensor is read from.
        File.Copy(MiniTorchSaveTests.MiniPath, tmp.File("pytorch_model-00001-of-00002.bin"));
        File.Copy(MiniTorchSaveTests.MiniPath, tmp.File("pytorch_model-00002-of-00002.bin"));
        var names = new[] { "w", "w_t", "row2", "p", "half", "bf16", "ids", "mask" };
        var map = string.Join(",", names.Select((n, i) => $"\"{n}\":\"pytorch_model-0000{(i < 3 ? 1 : 2)}-of-00002.bin\""));
        File.WriteAllText(tmp.File("pytorch_model.bin.index.json"), $"{{\"metadata\":{{\"total_size\":1}},\"weight_map\":{{{map}}}}}");
        using var ckpt = CheckpointReader.Open(tmp.Path);
        Assert.Equal(CheckpointFormat.ShardedPyTorch, ckpt.Format);
        Assert.Equal(names, ckpt.Names);
        Assert.EndsWith("00001-of-00002.bin", ckpt.Info("row2").FilePath);
        Assert.EndsWith("00002-of-00002.bin", ckpt.Info("p").FilePath);
        using var p = ckpt.Load("p");
        Assert.Equal(new float[] { 4, 5 }, p.data<float>().ToArray());
    }
}
