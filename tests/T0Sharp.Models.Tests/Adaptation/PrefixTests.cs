using T0Sharp.Models.Adaptation;
using T0Sharp.Models.Bloom;
using T0Sharp.Models.Layers;
using T0Sharp.Models.T5;
using T0Sharp.Models.Tests.Models;
using static TorchSharp.torch;

namespace T0Sharp.Models.Tests.Adaptation;

/// <summary>
/// Prefix keys/values equal to those the model itself computes for tokens X (its KV cache after reading X) must give
/// what the model gives when it reads X first: this checks the prefix's place in the keys, its visibility in the masks
/// and the position convention (prefix at 0..P-1, real tokens after it) against the model's own computation.
/// </summary>
public class PrefixTests
{
    static readonly long[] X = [11, 23, 5, 19];
    static Tensor Row(params long[] v) => tensor(v, [1, v.Length]);

    static List<AttentionPrefix> FromCache(IReadOnlyList<AttentionCache> layers) =>
        layers.Select(c => new AttentionPrefix(c.Key!.clone(), c.Value!.clone())).ToList();

    [Fact]
    public void Bloom_prefix_equals_reading_the_prefix_tokens_first()
    {
        using var model = (BloomForCausalLM)PretrainedModel.Create(BloomConfig.Tiny, seed: 31);
        model.eval();
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        long[] ids = [5, 9, 14, 11, 2];
        var all = model.Logits(new ModelBatch(Row([.. X, .. ids])));
        using var read = model.NewCache();
        model.ForwardLogits(new CausalInput(Row(X), Cache: read));
        model.Adaptation.AddPrefixProvider(new FixedPrefix(AttentionSite.DecoderSelf, FromCache(read.Self)));

        TensorAssert.Close(all[0].narrow(0, X.Length, ids.Length), model.Logits(new ModelBatch(Row(ids)))[0], "prefixed logits", 1e-5, 1e-5);
        using var cache = model.NewCache();
        var first = model.ForwardLogits(new CausalInput(Row(ids[..2]), Cache: cache));
        TensorAssert.Close(all[0].narrow(0, X.Length, 2), first[0], "first cached call", 1e-5, 1e-5);
        for (var t = 2; t < ids.Length; t++)
            TensorAssert.Close(all[0, X.Length + t], model.ForwardLogits(new CausalInput(Row(ids[t]), Cache: cache))[0, 0], $"cached step {t}", 1e-5, 1e-5);
    }

    [Fact]
    public void T5_decoder_self_prefix_equals_decoding_the_prefix_tokens_first()
    {
        using var model = (T5ForConditionalGeneration)PretrainedModel.Create(T5Config.Tiny, seed: 32);
        model.eval();
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        long[] dec = [0, 9, 8, 7];
        var encoded = model.Encode(new EncoderInput(Row(7, 40, 41, 1)));
        var explicitHidden = model.DecoderHidden(new DecoderInput(Row([.. X, .. dec]), encoded));
        using var read = model.NewCache();
        model.DecoderHidden(new DecoderInput(Row(X), encoded, read));
        model.Adaptation.AddPrefixProvider(new FixedPrefix(AttentionSite.DecoderSelf, FromCache(read.Self)));
        var prefixed = model.DecoderHidden(new DecoderInput(Row(dec), encoded));
        TensorAssert.Close(explicitHidden[0].narrow(0, X.Length, dec.Length), prefixed[0], "decoder output", 1e-5, 1e-5);
        using var cache = model.NewCache();
        for (var t = 0; t < dec.Length; t++)
            TensorAssert.Close(explicitHidden[0, X.Length + t], model.DecoderHidden(new DecoderInput(Row(dec[t]), encoded, cache))[0, 0], $"cached step {t}", 1e-5, 1e-5);
    }

    [Fact]
    public void T5_cross_prefix_equals_extra_encoder_positions()
    {
        using var model = (T5ForConditionalGeneration)PretrainedModel.Create(T5Config.Tiny, seed: 33);
        model.eval();
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        long[] dec = [0, 9, 8];
        var extra = model.Encode(new EncoderInput(Row(X))).Hidden;
        var encoded = model.Encode(new EncoderInput(Row(7, 40, 41, 1))).Hidden;
        var both = cat([extra, encoded], 1);
        using var read = model.NewCache();
        var explicitHidden = model.DecoderHidden(new DecoderInput(Row(dec), both, Cache: read));
        var crossPrefix = read.Cross!.Select(c => new AttentionPrefix(c.Key!.narrow(2, 0, X.Length).clone(), c.Value!.narrow(2, 0, X.Length).clone())).ToList();
        model.Adaptation.AddPrefixProvider(new FixedPrefix(AttentionSite.DecoderCross, crossPrefix));
        var prefixed = model.DecoderHidden(new DecoderInput(Row(dec), encoded));
        TensorAssert.Close(explicitHidden, prefixed, "decoder output", 1e-5, 1e-5);
        // with a padding mask on the encoder: prefix columns stay visible
        var masked = model.DecoderHidden(new DecoderInput(Row(dec), cat([encoded, zeros_like(encoded.narrow(1, 0, 2))], 1), tensor(new long[] { 1, 1, 1, 1, 0, 0 }, [1, 6])));
        TensorAssert.Close(explicitHidden, masked, "decoder output with encoder padding", 1e-5, 1e-5);
    }

    [Fact]
    public void T5_encoder_prefix_in_a_one_layer_encoder_equals_the_layer_zero_keys_of_extra_tokens()
    {
        // In layer 0 the keys/values of extra tokens X depend only on X's embeddings, so a one-layer encoder reading
        // [X; input] gives the input positions exactly what a prefix of X's layer-0 keys/values gives them.
        var config = T5Config.Tiny with { NumLayers = 1 };
        using var model = (T5ForConditionalGeneration)PretrainedModel.Create(config, seed: 34);
        model.eval();
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        long[] input = [7, 40, 41, 1];
        var explicitHidden = model.Encode(new EncoderInput(Row([.. X, .. input]))).Hidden;
        var modules = model.named_modules().ToDictionary(m => m.name, m => m.module);
        var norm = (T5LayerNorm)modules["encoder.block.0.layer.0.layer_norm"];
        var k = (AdaptableLinear)modules["encoder.block.0.layer.0.SelfAttention.k"];
        var v = (AdaptableLinear)modules["encoder.block.0.layer.0.SelfAttention.v"];
        var normed = norm.call(model.EmbeddingMatrix.index_select(0, tensor(X)).unsqueeze(0));
        Tensor Heads(Tensor t) => t.view(1, X.Length, config.NumHeads, config.DKv).transpose(1, 2); // (1, H, P, Dh)
        model.Adaptation.AddPrefixProvider(new FixedPrefix(AttentionSite.EncoderSelf, [new AttentionPrefix(Heads(k.call(normed)), Heads(v.call(normed)))]));
        var prefixed = model.Encode(new EncoderInput(Row(input))).Hidden;
        TensorAssert.Close(explicitHidden[0].narrow(0, X.Length, input.Length), prefixed[0], "encoder output", 1e-5, 1e-5);
    }
}
