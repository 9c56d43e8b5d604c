using T0Sharp.Models.Checkpoints;
using T0Sharp.Models.Tests.Checkpoints;
using T0Sharp.Tests;
using static TorchSharp.torch;

namespace T0Sharp.Models.Tests.Models;

/// <summary>Saving in Hugging Face layout, key-name variants on load, and clear errors for weights that do not fit.</summary>
public class LoadSaveTests
{
    static Tensor Logits(ILanguageModel m)
    {
        var ids = tensor(new long[] { 5, 9, 14, 1 }, [1, 4]);
        return m.Logits(new ModelBatch(ids, m.IsEncoderDecoder ? tensor(new long[] { 0, 7, 8 }, [1, 3]) : null));
    }

    [Theory]
    [InlineData(Fixtures.T5Relu)]
    [InlineData(Fixtures.BloomBf16)]
    public void Saved_models_reload_identically_with_hugging_faces_key_set(string fixture)
    {
        using var tmp = TestPaths.NewTempDir();
        using var model = PretrainedModel.Load(Fixtures.Dir(fixture));
        PretrainedModel.Save(model, tmp.Path);
        using (var saved = CheckpointReader.Open(tmp.Path))
        {
            var approved = File.ReadAllLines(TestPaths.RepoPath("tests", "T0Sharp.Models.Tests", "Models", "Approvals", fixture + ".approved.txt"))
                .Select(l => l.Split(' ')[0]).ToHashSet();
            Assert.Equal(approved, saved.Names.ToHashSet()); // no tied aliases; BLOOM with transformer. as BloomForCausalLM saves
        }
        Assert.Equal(model.Config, ModelConfig.Load(tmp.Path));
        using var reloaded = PretrainedModel.Load(tmp.Path);
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        Assert.True(Logits(model).allclose(Logits(reloaded), rtol: 0, atol: 0));
    }

    static string CopyWithWeights(TempDir tmp, string fixture, IEnumerable<(string, Tensor)> tensors, string? configJson = null)
    {
        File.WriteAllText(tmp.File("config.json"), configJson ?? File.ReadAllText(Fixtures.File(fixture, "config.json")));
        CheckpointWriter.Save(tmp.Path, tensors);
        return tmp.Path;
    }

    [Fact]
    public void Missing_unexpected_and_misshapen_tensors_fail_naming_the_checkpoint_and_tensor()
    {
        using var source = CheckpointReader.Open(Fixtures.Dir(Fixtures.T0GatedGelu));
        var all = source.Names.Select(n => (n, source.Load(n))).ToList();

        using (var tmp = TestPaths.NewTempDir())
        {
            CopyWithWeights(tmp, Fixtures.T0GatedGelu, all.Where(t => t.n != "decoder.final_layer_norm.weight"));
            var e = Assert.Throws<InvalidDataException>(() => PretrainedModel.Load(tmp.Path));
            Assert.Contains("decoder.final_layer_norm.weight", e.Message);
            Assert.Contains(tmp.Path, e.Message);
        }
        using (var tmp = TestPaths.NewTempDir())
        {
            CopyWithWeights(tmp, Fixtures.T0GatedGelu, all.Append(("encoder.block.9.layer.0.layer_norm.weight", ones(32))));
            var e = Assert.Throws<InvalidDataException>(() => PretrainedModel.Load(tmp.Path));
            Assert.Contains("encoder.block.9.layer.0.layer_norm.weight", e.Message);
        }
        using (var tmp = TestPaths.NewTempDir())
        {
            var config = File.ReadAllText(Fixtures.File(Fixtures.T0GatedGelu, "config.json")).Replace("\"d_ff\": 48", "\"d_ff\": 40");
            CopyWithWeights(tmp, Fixtures.T0GatedGelu, all, config);
            var e = Assert.Throws<InvalidDataException>(() => PretrainedModel.Load(tmp.Path));
            Assert.Contains("model.safetensors", e.Message);
            Assert.Contains("DenseReluDense.wi_0.weight", e.Message);
            Assert.Contains("[48, 32]", e.Message);
        }
        foreach (var (_, t) in all) t.Dispose();
    }

    [Fact]
    public void Bloom_loads_with_or_without_the_transformer_prefix_and_ignores_lm_head()
    {
        using var source = CheckpointReader.Open(Fixtures.Dir(Fixtures.BloomBf16));
        using var tmp = TestPaths.NewTempDir();
        var prefixed = source.Names.Select(n => ("transformer." + n, source.Load(n))).ToList();
        prefixed.Add(("lm_head.weight", source.Load("word_embeddings.weight")));
        CopyWithWeights(tmp, Fixtures.BloomBf16, prefixed);
        using var a = PretrainedModel.Load(tmp.Path);
        using var b = PretrainedModel.Load(Fixtures.Dir(Fixtures.BloomBf16));
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        Assert.True(Logits(a).allclose(Logits(b), rtol: 0, atol: 0));
        foreach (var (_, t) in prefixed) t.Dispose();
    }

    [Fact]
    public void T5_in_float16_is_refused_with_the_reason_and_bfloat16_runs()
    {
        var e = Assert.Throws<NotSupportedException>(() => PretrainedModel.Load(Fixtures.Dir(Fixtures.T0GatedGelu), computeDtype: ScalarType.Float16));
        Assert.Contains("overflow", e.Message);
        Assert.Contains("bfloat16", e.Message);
        using var bf16 = PretrainedModel.Load(Fixtures.Dir(Fixtures.T0GatedGelu), computeDtype: ScalarType.BFloat16);
        Assert.Equal(ScalarType.BFloat16, bf16.ComputeDtype);
        using var fp32 = PretrainedModel.Load(Fixtures.Dir(Fixtures.T0GatedGelu));
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var low = Logits(bf16);
        Assert.Equal(ScalarType.Float32, low.dtype);
        // bf16 keeps ~3 significant digits: logits agree loosely, and the argmax of each position usually agrees
        Assert.True(low.sub(Logits(fp32)).abs().max().item<float>() < 0.5f);

        using var bloom16 = PretrainedModel.Load(Fixtures.Dir(Fixtures.BloomBf16), computeDtype: ScalarType.Float16);
        using var bloom32 = PretrainedModel.Load(Fixtures.Dir(Fixtures.BloomBf16));
        var half = Logits(bloom16);
        Assert.False(half.isnan().any().item<bool>());
        Assert.True(half.sub(Logits(bloom32)).abs().max().item<float>() < 0.5f);
    }
}
