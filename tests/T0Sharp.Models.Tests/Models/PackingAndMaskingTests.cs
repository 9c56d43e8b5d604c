using T0Sharp.Models.Bloom;
using T0Sharp.Models.T5;
using static TorchSharp.torch;

namespace T0Sharp.Models.Tests.Models;

/// <summary>
/// Packed rows (segment ids + per-segment positions) give each example exactly what it gets alone: packed examples
/// never attend to each other in encoder self-, decoder causal self- or cross-attention.
/// </summary>
public class PackingAndMaskingTests
{
    static Tensor Row(params long[] v) => tensor(v, [1, v.Length]);

    [Fact]
    public void Packed_t5_rows_equal_separate_runs()
    {
        using var model = (T5ForConditionalGeneration)PretrainedModel.Create(T5Config.Tiny, seed: 3);
        model.eval();
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        long[] inA = [5, 9, 14, 1], inB = [7, 3, 1], decA = [0, 20, 21], decB = [0, 30];
        var separateA = model.Logits(new ModelBatch(Row(inA), Row(decA)));
        var separateB = model.Logits(new ModelBatch(Row(inB), Row(decB)));

        var packed = model.Logits(new ModelBatch(
            InputIds: Row([.. inA, .. inB, 0]), DecoderInputIds: Row([.. decA, .. decB, 0]),
            InputSegmentIds: Row(1, 1, 1, 1, 2, 2, 2, 0), DecoderSegmentIds: Row(1, 1, 1, 2, 2, 0),
            InputPositions: Row(0, 1, 2, 3, 0, 1, 2, 0), DecoderPositions: Row(0, 1, 2, 0, 1, 0)));
        TensorAssert.Close(separateA[0], packed[0].narrow(0, 0, 3), "packed example A", 1e-5, 1e-5);
        TensorAssert.Close(separateB[0], packed[0].narrow(0, 3, 2), "packed example B", 1e-5, 1e-5);
    }

    [Fact]
    public void Packed_bloom_rows_equal_separate_runs()
    {
        using var model = (BloomForCausalLM)PretrainedModel.Create(BloomConfig.Tiny, seed: 4);
        model.eval();
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        long[] a = [5, 9, 14, 11], b = [7, 3, 40];
        var separateA = model.Logits(new ModelBatch(Row(a)));
        var separateB = model.Logits(new ModelBatch(Row(b)));
        var packed = model.Logits(new ModelBatch(Row([.. a, .. b, 3]), InputSegmentIds: Row(1, 1, 1, 1, 2, 2, 2, 0),
            InputPositions: Row(0, 1, 2, 3, 0, 1, 2, 0)));
        TensorAssert.Close(separateA[0], packed[0].narrow(0, 0, 4), "packed example A", 1e-5, 1e-5);
        TensorAssert.Close(separateB[0], packed[0].narrow(0, 4, 3), "packed example B", 1e-5, 1e-5);
    }

    [Fact]
    public void Kv_cache_decoding_equals_full_teacher_forcing()
    {
        using var t5 = (T5ForConditionalGeneration)PretrainedModel.Create(T5Config.Tiny, seed: 5);
        t5.eval();
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var input = Row(4, 8, 15, 16, 1);
        long[] dec = [0, 23, 42, 7];
        var full = t5.Logits(new ModelBatch(input, Row(dec)));
        var encoded = t5.Encode(new EncoderInput(input)).Hidden;
        using var cache = t5.NewCache();
        for (int t = 0; t < dec.Length; t++)
        {
            var step = t5.LmHead(t5.DecoderHidden(new DecoderInput(Row(dec[t]), encoded, Cache: cache)));
            TensorAssert.Close(full[0, t], step[0, 0], $"T5 cached step {t}", 1e-5, 1e-5);
        }

        using var bloom = (BloomForCausalLM)PretrainedModel.Create(BloomConfig.Tiny, seed: 6);
        bloom.eval();
        long[] ids = [5, 9, 14, 11, 2];
        var all = bloom.Logits(new ModelBatch(Row(ids)));
        using var bcache = bloom.NewCache();
        var prefix = bloom.ForwardLogits(new CausalInput(Row(ids[..3]), Cache: bcache));
        TensorAssert.Close(all[0].narrow(0, 0, 3), prefix[0], "BLOOM prefix", 1e-5, 1e-5);
        for (int t = 3; t < ids.Length; t++)
        {
            var step = bloom.ForwardLogits(new CausalInput(Row(ids[t]), Cache: bcache));
            TensorAssert.Close(all[0, t], step[0, 0], $"BLOOM cached step {t}", 1e-5, 1e-5);
        }
    }

    [Fact]
    public void Fused_sdpa_attention_matches_the_explicit_unscaled_path_with_padding_and_packing()
    {
        using var model = (T5ForConditionalGeneration)PretrainedModel.Create(T5Config.Tiny, seed: 8);
        model.eval();
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var batch = new ModelBatch(tensor(new long[] { 5, 9, 14, 1, 7, 3, 1, 0 }, [2, 4]), tensor(new long[] { 0, 20, 21, 0, 30, 0 }, [2, 3]),
            AttentionMask: tensor(new long[] { 1, 1, 1, 1, 1, 1, 1, 0 }, [2, 4]));
        var math = model.Logits(batch);
        model.FusedAttention = true;
        var fused = model.Logits(batch);
        model.FusedAttention = false;
        TensorAssert.Close(math, fused, "sdpa vs explicit attention", 1e-5, 1e-5);
    }

    [Fact]
    public void Alibi_slopes_follow_the_power_of_two_rule_with_extra_slopes()
    {
        using var eight = Alibi.Slopes(8);
        Assert.Equal(Enumerable.Range(1, 8).Select(i => (float)Math.Pow(0.5, i)).ToArray(), eight.data<float>().ToArray());
        using var six = Alibi.Slopes(6); // 4 slopes with base 2^-2, then 2 odd powers of 2^-1
        var expected = new[] { 0.25f, 0.0625f, 0.015625f, 0.00390625f, 0.5f, 0.125f };
        Assert.Equal(expected, six.data<float>().ToArray());
    }

    [Fact]
    public void Relative_position_buckets_match_known_values()
    {
        using var scope = NewDisposeScope();
        var rel = tensor(new long[] { -200, -128, -20, -8, -1, 0, 1, 7, 8, 20, 128, 200 });
        // bidirectional, 32 buckets, max distance 128 (T5 encoder defaults)
        var bi = RelativePositionBuckets.Compute(rel, bidirectional: true, 32, 128).data<long>().ToArray();
        Assert.Equal(new long[] { 15, 15, 10, 8, 1, 0, 17, 23, 24, 26, 31, 31 }, bi);
        // causal (decoder): future keys share bucket 0
        var causal = RelativePositionBuckets.Compute(rel, bidirectional: false, 32, 128).data<long>().ToArray();
        Assert.Equal(new long[] { 31, 31, 17, 8, 1, 0, 0, 0, 0, 0, 0, 0 }, causal);
    }
}
