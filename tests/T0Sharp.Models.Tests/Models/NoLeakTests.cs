using TorchSharp;
using static TorchSharp.torch;

namespace T0Sharp.Models.Tests.Models;

/// <summary>Forward + backward + optimizer step, scoring and generation leave the live tensor count at its baseline.</summary>
public class NoLeakTests
{
    static long Live => DisposeScopeManager.Statistics.ThreadTotalLiveCount;

    [Theory]
    [InlineData("t5")]
    [InlineData("bloom")]
    public void Training_step_scoring_and_generation_leave_no_live_tensors(string family)
    {
        using var model = PretrainedModel.Create(family == "t5" ? T5Config.Tiny : BloomConfig.Tiny, seed: 7);
        using var optimizer = optim.AdamW(model.Module.parameters(), 1e-3);
        var scorer = new SequenceScorer(model);
        var generator = new Generator(model);
        void Step()
        {
            using var scope = NewDisposeScope();
            model.Module.train();
            var ids = tensor(new long[] { 5, 6, 7, 8, 9, 1 }, [2, 3]);
            var logits = model.Logits(new ModelBatch(ids, model.IsEncoderDecoder ? ids : null));
            var loss = nn.functional.cross_entropy(logits.reshape(-1, logits.shape[^1]), ids.reshape(-1));
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            model.Module.eval();
            scorer.ScoreTargets([5, 6, 1], [[7, 1], [8, 9, 1]]);
            generator.Generate([[5, 6, 1], [7]], new GenerationOptions { MaxNewTokens = 3 });
            generator.Generate([5, 6, 1], new GenerationOptions { MaxNewTokens = 3, NumBeams = 2 });
        }
        Step(); // the optimizer allocates its state on the first step
        long baseline = Live;
        Step();
        Step();
        Assert.Equal(baseline, Live);
    }

    /// <summary>
    /// Each kind of call on its own (the combined test above let one call's stray handle hide behind another's): a
    /// BLOOM greedy decode once left one tensor handle live per call, made by reading the model's device outside a scope.
    /// </summary>
    [Theory]
    [InlineData("t5")]
    [InlineData("bloom")]
    public void Each_inference_call_and_device_query_leaves_no_live_tensors(string family)
    {
        using var model = PretrainedModel.Create(family == "t5" ? T5Config.Tiny : BloomConfig.Tiny, seed: 7);
        model.Module.eval();
        var calls = new (string Name, Action Run)[]
        {
            ("device and dtype", () => { _ = model.Device; _ = model.ComputeDtype; }),
            ("scoring", () => new SequenceScorer(model).ScoreTargets([5, 6, 1], [[7, 1], [8, 9, 1]])),
            ("greedy", () => new Generator(model).Generate([[5, 6, 1], [7]], new GenerationOptions { MaxNewTokens = 3 })),
            ("beam", () => new Generator(model).Generate([5, 6, 1], new GenerationOptions { MaxNewTokens = 3, NumBeams = 2 })),
            ("sampling", () => new Generator(model).Generate([[5, 6, 1], [7]], new GenerationOptions { MaxNewTokens = 3, DoSample = true, Seed = 3, TopP = 0.9 })),
        };
        foreach (var (name, run) in calls)
        {
            run();
            long before = Live;
            run();
            run();
            Assert.True(before == Live, $"{family} {name}: {Live - before} tensors left live by two calls");
        }
    }
}
