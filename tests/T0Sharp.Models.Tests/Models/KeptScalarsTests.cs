using TorchSharp;
using static TorchSharp.torch;

namespace T0Sharp.Models.Tests.Models;

/// <summary>
/// <see cref="KeptScalars"/>: each helper gives exactly what the TorchSharp call with an implicit number gives, and
/// scoring and generation survive garbage collections forced from another thread all the time. Without the helpers
/// in the model the second test failed in 2 of 3 runs ("INTERNAL ASSERT FAILED at c10/core/Scalar.h" or a
/// wrong-type error), and a standalone loop failed within 800 scorings every time.
/// </summary>
public class KeptScalarsTests
{
    static Tensor Random(long seed, params long[] shape)
    {
        using var g = new torch.Generator((ulong)seed);
        return randn(shape, generator: g);
    }

    static void Same(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.dtype, actual.dtype);
        Assert.Equal(expected.shape, actual.shape);
        Assert.True(expected.eq(actual).all().item<bool>(), "not bit-identical");
    }

    [Fact]
    public void Each_helper_is_bit_identical_to_the_implicit_number_it_replaces()
    {
        using var scope = NewDisposeScope();
        var a = Random(1, 3, 4);
        var b = Random(2, 3, 4);
        var ints = tensor(new long[] { -3, 0, 2, 9 });
        Same(a.add(b), a.Plus(b));
        Same(a.add(1e-6), a.Plus(1e-6));
        Same(ints.add(4), ints.Plus(4L));
        Same(ints.sub(1), ints.Minus(1L));
        Same(a.mul(0.125), a.Times(0.125));
        Same(ints.mul(3), ints.Times(3L));
        Same(a.div(3.0), a.Over(3.0));
        Same(ints.to(ScalarType.Float32).div(4), ints.to(ScalarType.Float32).Over(4L));
        Same(a.pow(2), a.Power(2L));
        Same(a.abs().pow(0.5), a.abs().Power(0.5));
        Same(a.masked_fill(a.gt(b), double.NegativeInfinity), a.FillWhere(a.gt(b), double.NegativeInfinity));
        Same(ints.clamp_max(2), ints.AtMost(2L));
        Same(a.clamp_min(0.1), a.AtLeast(0.1));
        Same(ints.gt(0), ints.Above(0L));
        Same(ints.lt(2), ints.Below(2L));
        Same(a.le(0.5), a.NotAbove(0.5));
        Same(ints.ne(0), ints.NotEqualTo(0L));
        Same(arange(2, 7), KeptScalars.Range(2, 7));
        Same(arange(1, 9, 2, dtype: ScalarType.Int32), KeptScalars.Range(1, 9, step: 2, dtype: ScalarType.Int32));
        Same(full(3, 5, dtype: ScalarType.Int64), KeptScalars.Filled(3, 5));
        Same(a.clone().add_(b), a.clone().PlusInPlace(b));
        Same(a.clone().add_(0.25), a.clone().PlusInPlace(0.25));
        Same(a.clone().add_(b, 0.3), a.clone().PlusScaledInPlace(b, 0.3));
        Same(a.clone().mul_(0.9), a.clone().TimesInPlace(0.9));
        Same(a.clone().div_(1.7), a.clone().OverInPlace(1.7));
        Same(a.clone().lerp_(b, 0.1), a.clone().LerpInPlace(b, 0.1));
        Same(a.clone().addcmul_(b, b, 0.001), a.clone().PlusProductInPlace(b, b, 0.001));
        Same(a.clone().addcdiv_(b, b.abs().add(1), -0.01), a.clone().PlusQuotientInPlace(b, b.abs().add(1), -0.01));
        Same(a.clone().clamp_max_(0.2), a.clone().AtMostInPlace(0.2));
        Same(a.clone().clamp_min_(0.2), a.clone().AtLeastInPlace(0.2));
        Same(2.0 / a.abs().add(1), a.abs().add(1).reciprocal().Times(2.0));
    }

    [Fact]
    public void Scoring_and_generation_survive_collections_forced_from_another_thread()
    {
        using var model = PretrainedModel.Create(T5Config.Tiny, seed: 7);
        model.Module.eval();
        var scorer = new SequenceScorer(model);
        var generator = new Generator(model);
        var expected = scorer.ScoreTargets([5, 6, 7, 8, 1], [[7, 1], [8, 9, 1]]);
        using var stop = new CancellationTokenSource();
        var collector = new Thread(() => { while (!stop.IsCancellationRequested) { GC.Collect(); GC.WaitForPendingFinalizers(); } }) { IsBackground = true };
        collector.Start();
        try
        {
            for (int i = 0; i < 6_000; i++)
            {
                using var noGrad = no_grad();
                var scores = scorer.ScoreTargets([5, 6, 7, 8, 1], [[7, 1], [8, 9, 1]]);
                for (int t = 0; t < expected.Count; t++) Assert.Equal(expected[t], scores[t]);
                if (i % 100 == 0) generator.Generate([5, 6, 1], new GenerationOptions { MaxNewTokens = 3 });
            }
        }
        finally
        {
            stop.Cancel();
            collector.Join();
        }
    }
}
