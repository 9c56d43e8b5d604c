using T0Sharp.Models.Checkpoints;
using T0Sharp.Tests;
using static TorchSharp.torch;

namespace T0Sharp.Models.Tests.Checkpoints;

/// <summary>
/// A model loaded from each fixture and written with <see cref="CheckpointWriter"/> has exactly the key set
/// Hugging Face's save_pretrained writes for that family (tied aliases dropped, BLOOM under <c>transformer.</c>),
/// the fixture's values, and loads back into our model.
/// </summary>
public class HfKeySetTests
{
    /// <summary>save_pretrained's keys, derived from the fixture's stored keys by HF's rules, not from our modules.</summary>
    static Dictionary<string, string> HfKeys(string fixture, Checkpoint stored) => fixture switch
    {
        // Tied T5 v1.0: the aliases and the tied head are not saved.
        Fixtures.T5Relu => stored.Names
            .Where(n => n is not ("encoder.embed_tokens.weight" or "decoder.embed_tokens.weight" or "lm_head.weight"))
            .ToDictionary(n => n, n => n),
        // BloomForCausalLM saves its BloomModel under "transformer." and drops the tied lm_head.
        Fixtures.BloomBf16 => stored.Names.ToDictionary(n => "transformer." + n, n => n),
        // Written by save_pretrained already.
        _ => stored.Names.ToDictionary(n => n, n => n),
    };

    [Theory]
    [InlineData(Fixtures.T5Relu)]
    [InlineData(Fixtures.T0GatedGelu)]
    [InlineData(Fixtures.Mt0Sharded)]
    [InlineData(Fixtures.BloomBf16)]
    public void Written_checkpoint_has_hf_keys_and_fixture_values(string fixture)
    {
        using var tmp = TestPaths.NewTempDir();
        using var stored = CheckpointReader.Open(Fixtures.Dir(fixture));
        var expected = HfKeys(fixture, stored);
        using (var model = PretrainedModel.Load(Fixtures.Dir(fixture)))
        {
            using var scope = NewDisposeScope();
            var state = model.Module.state_dict().Select(kv => (kv.Key, kv.Value)).ToList();
            CheckpointWriter.Save(tmp.Path, state, maxShardBytes: fixture == Fixtures.Mt0Sharded ? 131072 : null);
        }
        File.Copy(Fixtures.File(fixture, "config.json"), tmp.File("config.json"));

        using var written = CheckpointReader.Open(tmp.Path);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), written.Names.Order(StringComparer.Ordinal));
        foreach (var (name, source) in expected)
        {
            using var a = written.Load(name);
            using var b = stored.Load(source);
            Assert.True(a.eq(b).all().item<bool>(), name);
        }
        using var reloaded = PretrainedModel.Load(tmp.Path); // our loader takes what our writer wrote
    }

    [Fact]
    public void Bloom_saved_as_bf16_reproduces_the_stored_bf16_bits()
    {
        using var tmp = TestPaths.NewTempDir();
        using (var model = PretrainedModel.Load(Fixtures.Dir(Fixtures.BloomBf16)))
        {
            using var scope = NewDisposeScope();
            CheckpointWriter.Save(tmp.Path, model.Module.state_dict().Select(kv => (kv.Key, kv.Value)), TensorDType.BFloat16);
        }
        using var stored = CheckpointReader.Open(Fixtures.Dir(Fixtures.BloomBf16));
        using var written = CheckpointReader.Open(tmp.Path);
        foreach (var name in stored.Names)
        {
            Assert.Equal(TensorDType.BFloat16, written.Info("transformer." + name).DType);
            using var a = written.Load("transformer." + name, floatType: ScalarType.BFloat16);
            using var b = stored.Load(name, floatType: ScalarType.BFloat16);
            Assert.Equal(b.bytes.ToArray(), a.bytes.ToArray());
        }
    }
}
