using T0Sharp.Models;
using T0Sharp.Models.Bloom;
using T0Sharp.Peft.Config;
using static TorchSharp.torch;

namespace T0Sharp.Peft.Tests.Methods;

/// <summary>
/// Prefix layouts checked against independent computations: a BLOOM prefix built from the model's own KV cache of
/// tokens X (in PEFT's layout: key of layer i = entry i, value = entry L + i) equals reading X first; a T5 encoder
/// prefix built from layer 0's keys and values of X in a one-layer encoder equals encoding X before the input.
/// (T5 decoder prefixes are checked against PEFT's own outputs by the fixture parity tests.)
/// </summary>
public class PrefixTuningTests
{
    static Dictionary<string, object?> Prefix(int n, bool encoder = false) => new()
    {
        ["peft_type"] = "PREFIX_TUNING", ["num_virtual_tokens"] = n, [PrefixTuningConfig.EncoderPrefixField] = encoder,
    };

    [Fact]
    public void A_bloom_prefix_in_peft_layout_equals_reading_its_tokens_first()
    {
        using var model = PretrainedModel.Create(BloomConfig.Tiny, seed: 4);
        model.Module.eval();
        var causal = (ICausalLM)model;
        long[] x = [11, 12, 13], y = [20, 21, 22, 23];
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var joint = causal.ForwardLogits(new CausalInput(tensor(x.Concat(y).ToArray(), [1, 7]))).narrow(1, 3, 4);
        using var cache = causal.NewCache();
        causal.ForwardLogits(new CausalInput(tensor(x, [1, 3]), Cache: cache));
        int layers = cache.Self.Count;
        var entries = Enumerable.Range(0, layers).Select(i => cache.Self[i].Key!).Concat(Enumerable.Range(0, layers).Select(i => cache.Self[i].Value!))
            .Select(e => e[0]).ToArray(); // 2L × (H, P, Dh)
        var table = stack(entries, 0).permute(2, 0, 1, 3).reshape(3, -1); // (P, 2L·H·Dh)

        using var peft = PeftSetup.Apply(model, PeftSetup.ParseConfig(Prefix(3), "s"));
        Assert.Equal(table.shape, peft.Tensors.Single().Shape);
        peft.Tensors.Single(t => t.Key == "prompt_embeddings").Write(table);
        var prefixed = causal.ForwardLogits(new CausalInput(tensor(y, [1, 4])));
        Assert.True(joint.allclose(prefixed, 1e-5, 1e-5), $"max diff {joint.sub(prefixed).abs().max().item<float>()}");

        // The same through a KV cache (generation) and with left padding in a batch.
        var generated = new T0Sharp.Models.Generator(model).Generate([[20, 21], [7, 20, 21]], new GenerationOptions { MaxNewTokens = 3 });
        peft.Enabled = false;
        var reference = new T0Sharp.Models.Generator(model).Generate([[11, 12, 13, 20, 21], [11, 12, 13, 7, 20, 21]], new GenerationOptions { MaxNewTokens = 3 });
        Assert.Equal(reference, generated);
    }

    [Fact]
    public void A_t5_encoder_prefix_equals_layer_zero_keys_and_values_of_tokens_encoded_first()
    {
        var config = T5Config.Tiny with { NumLayers = 1 };
        using var model = PretrainedModel.Create(config, seed: 6);
        model.Module.eval();
        var m = (IEncoderDecoderLM)model;
        long[] x = [11, 12, 13], y = [20, 21, 22, 1];
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var joint = m.Encode(new EncoderInput(tensor(x.Concat(y).ToArray(), [1, 7]))).Hidden.narrow(1, 3, 4);
        var sd = model.Module.state_dict();
        var embedded = sd["shared.weight"].index_select(0, tensor(x));
        var normed = embedded.mul(embedded.pow(2).mean([-1], keepdim: true).add(config.LayerNormEpsilon).rsqrt()).mul(sd["encoder.block.0.layer.0.layer_norm.weight"]);
        var k = normed.matmul(sd["encoder.block.0.layer.0.SelfAttention.k.weight"].t());
        var v = normed.matmul(sd["encoder.block.0.layer.0.SelfAttention.v.weight"].t());
        var table = cat([k, v], 1); // layer 0: key = entry 0, value = entry 1

        using var peft = PeftSetup.Apply(model, PeftSetup.ParseConfig(Prefix(3, encoder: true), "s"));
        peft.Tensors.Single(t => t.Key == "encoder_prompt_embeddings").Write(table);
        var prefixed = m.Encode(new EncoderInput(tensor(y, [1, 4]))).Hidden;
        Assert.True(joint.allclose(prefixed, 1e-5, 1e-5), $"max diff {joint.sub(prefixed).abs().max().item<float>()}");
    }

    [Fact]
    public void New_t5_prefixes_size_heads_from_d_kv_and_cover_the_whole_decoder()
    {
        var config = T5Config.Tiny with { NumDecoderLayers = 3 }; // d_model 16, d_kv 8 × 3 heads = 24, 2 encoder / 3 decoder layers
        using var model = PretrainedModel.Create(config, seed: 2);
        using var peft = PeftSetup.Apply(model, PeftSetup.ParseConfig(Prefix(4), "s"));
        var c = Assert.IsType<PrefixTuningConfig>(peft.Config);
        Assert.Equal((24, 3, 3, 2), (c.TokenDim!.Value, c.NumLayers!.Value, c.NumAttentionHeads!.Value, c.Submodules));
        Assert.Equal([4L, 3 * 2 * 24], peft.Tensors.Single().Shape);
        Assert.Empty(peft.Notes);
    }

    [Fact]
    public void A_peft_default_num_layers_below_the_decoder_depth_runs_as_peft_runs_it_with_a_note()
    {
        using var model = PretrainedModel.Create(T5Config.Tiny with { NumDecoderLayers = 3 }, seed: 2);
        var settings = Prefix(4);
        settings["num_layers"] = 2;
        using var peft = PeftSetup.Apply(model, PeftSetup.ParseConfig(settings, "s"));
        Assert.Contains(peft.Notes, n => n.Contains("decoder blocks 2..2 are skipped"));
    }

    [Fact]
    public void A_token_dim_from_d_model_is_refused_where_heads_are_narrower()
    {
        using var model = PretrainedModel.Create(T5Config.Tiny, seed: 2);
        var settings = Prefix(4);
        settings["token_dim"] = 16;
        settings["num_attention_heads"] = 3;
        settings["num_layers"] = 2;
        var e = Assert.Throws<InvalidDataException>(() => PeftSetup.Apply(model, PeftSetup.ParseConfig(settings, "s")));
        Assert.Contains("\"token_dim\" is 16, not a multiple of num_attention_heads 3", e.Message);
        settings["token_dim"] = 12;
        e = Assert.Throws<InvalidDataException>(() => PeftSetup.Apply(model, PeftSetup.ParseConfig(settings, "s")));
        Assert.Contains("token_dim must be 24", e.Message);
    }
}
