using T0Sharp.Models.Adaptation;
using T0Sharp.Models.Checkpoints;
using T0Sharp.Models.Layers;
using T0Sharp.Models.Tests.Models;
using T0Sharp.Tests;
using TorchSharp;
using static TorchSharp.torch;

namespace T0Sharp.Models.Tests.Adaptation;

/// <summary>
/// Hosting: adapters live on the model's own modules with their own state-dict names, base tensors stay as Hugging
/// Face names them (saving writes the base only), conditioning reaches adapters row by row through scoring and
/// generation, disabled adapters give the base model, and nothing leaks.
/// </summary>
public class AdapterHostingTests
{
    static ILanguageModel Tiny(string family, long seed) =>
        PretrainedModel.Create(family == "t5" ? T5Config.Tiny : BloomConfig.Tiny, seed: seed);

    [Fact]
    public void Hosts_are_every_projection_and_feed_forward_with_hugging_face_names()
    {
        using var t5 = Tiny("t5", 1);
        var names = AdaptationPoints.Hosts(t5).Select(h => h.Name).ToList();
        Assert.Contains("encoder.block.0.layer.0.SelfAttention.q", names);
        Assert.Contains("decoder.block.1.layer.1.EncDecAttention.o", names);
        Assert.Contains("decoder.block.1.layer.2.DenseReluDense.wi_1", names);
        Assert.Contains("encoder.block.1.layer.1.DenseReluDense", names);
        Assert.Contains("lm_head", names);
        // 2 encoder blocks × (4 attention + 3 ff + ff host) + 2 decoder blocks × (8 attention + 3 ff + ff host) + lm_head
        Assert.Equal(2 * 8 + 2 * 12 + 1, names.Count);
        Assert.Equal(1, AdaptationPoints.Hosts(t5).First(h => h.Name == "decoder.block.1.layer.0.SelfAttention.k").LayerIndex);

        using var bloom = Tiny("bloom", 2);
        var bnames = AdaptationPoints.Hosts(bloom).Select(h => h.Name).ToList();
        Assert.Contains("transformer.h.0.self_attention.query_key_value", bnames);
        Assert.Contains("transformer.h.1.mlp.dense_4h_to_h", bnames);
        Assert.Contains("transformer.h.1.mlp", bnames);
    }

    [Theory]
    [InlineData("t5")]
    [InlineData("bloom")]
    public void Adapter_tensors_are_told_apart_structurally_and_saving_writes_the_base_only(string family)
    {
        using var model = Tiny(family, 3);
        var baseNames = model.Module.state_dict().Keys.ToList();
        var host = AdaptationPoints.Hosts(model).First(h => h.Host is AdaptableLinear);
        var hostLinear = (AdaptableLinear)host.Host;
        host.Host.Adapters.Add(new TaskShiftAdapter(hostLinear.InFeatures));
        Assert.Contains(host.Name + ".shift_u", model.Module.state_dict().Keys);
        Assert.Contains(host.Name + ".shift_gate.weight", model.Module.state_dict().Keys);
        Assert.Equal(baseNames, AdaptationPoints.BaseParameters(model).Select(p => p.Name));
        Assert.Equal([host.Name + ".shift_u", host.Name + ".shift_gate.weight"], AdaptationPoints.AdapterParameters(model).Select(p => p.Name));

        AdaptationPoints.FreezeBase(model);
        Assert.Equal(2, model.Module.parameters().Count(p => p.requires_grad));

        using var dir = TestPaths.NewTempDir();
        PretrainedModel.Save(model, dir.Path);
        using var checkpoint = CheckpointReader.Open(dir.Path);
        Assert.DoesNotContain(checkpoint.Names, n => n.Contains("shift_"));
        using var reloaded = PretrainedModel.Load(dir.Path);
        Assert.Equal(baseNames.Count, reloaded.Module.state_dict().Count);
    }

    [Fact]
    public void Conditioning_reaches_adapters_row_by_row_in_grouped_scoring()
    {
        using var model = Tiny("t5", 4);
        model.Module.eval();
        var q = AdaptationPoints.Hosts(model).First(h => h.Name == "decoder.block.0.layer.0.SelfAttention.q");
        var encoderQ = AdaptationPoints.Hosts(model).First(h => h.Name == "encoder.block.0.layer.0.SelfAttention.q");
        var adapter = new TaskShiftAdapter(((AdaptableLinear)q.Host).InFeatures, scale: 0.5);
        var encoderAdapter = new TaskShiftAdapter(((AdaptableLinear)encoderQ.Host).InFeatures, scale: 0.5);
        q.Host.Adapters.Add(adapter);
        encoderQ.Host.Adapters.Add(encoderAdapter);
        int[] inA = [5, 17, 33, 1], inB = [9, 1];
        int[][] targets2 = [[40, 1], [7, 1]], targets3 = [[3, 1], [4], [8, 9, 1]];
        var scorer = new SequenceScorer(model);
        var grouped = scorer.ScoreTargets([new ScoreRequest(inA, targets2, ExampleConditioning.Task(3)), new ScoreRequest(inB, targets3, ExampleConditioning.Task(5))]);
        // inputs are grouped shortest first (length bucketing): B (task 5) then A (task 3); each target row keeps its input's task
        Assert.Equal([5L, 3L], encoderAdapter.Calls.Single().TaskIds!);
        Assert.Equal([5L, 5L, 5L, 3L, 3L], adapter.Calls.Single().TaskIds!);

        // each request alone gives the same scores; another task id gives different ones
        var aloneA = scorer.ScoreTargets(inA, targets2, ExampleConditioning.Task(3));
        var aloneB = scorer.ScoreTargets(inB, targets3, ExampleConditioning.Task(5));
        for (var t = 0; t < targets2.Length; t++) Assert.Equal(aloneA[t], grouped[0][t], new FloatTolerance(1e-5f));
        for (var t = 0; t < targets3.Length; t++) Assert.Equal(aloneB[t], grouped[1][t], new FloatTolerance(1e-5f));
        var otherTask = scorer.ScoreTargets(inA, targets2, ExampleConditioning.Task(0));
        Assert.True(Math.Abs(otherTask[0].Sum() - aloneA[0].Sum()) > 1e-3, "the task id must change the scores");

        // disabled adapters give the base model
        q.Host.Adapters.Enabled = false;
        encoderQ.Host.Adapters.Enabled = false;
        var disabled = scorer.ScoreTargets(inA, targets2, ExampleConditioning.Task(3));
        using var plain = Tiny("t5", 4);
        plain.Module.eval();
        var baseScores = new SequenceScorer(plain).ScoreTargets(inA, targets2);
        for (var t = 0; t < targets2.Length; t++) Assert.Equal(baseScores[t], disabled[t], new FloatTolerance(0f));
    }

    [Theory]
    [InlineData("t5", 1)]
    [InlineData("t5", 2)]
    [InlineData("bloom", 1)]
    [InlineData("bloom", 2)]
    public void Generation_carries_each_prompts_conditioning_through_beams(string family, int beams)
    {
        using var model = Tiny(family, 5);
        model.Module.eval();
        var host = AdaptationPoints.Hosts(model).Where(h => h.Host is AdaptableLinear).Last(h => h.Name.Contains("block.0.") || h.Name.Contains("h.0."));
        var adapter = new TaskShiftAdapter(((AdaptableLinear)host.Host).InFeatures, scale: 2.0);
        host.Host.Adapters.Add(adapter);
        int[][] prompts = [[5, 17, 33, 1], [9, 2]];
        var options = new GenerationOptions { MaxNewTokens = 4, NumBeams = beams, EosTokenId = 1 };
        var generator = new Generator(model);
        var together = generator.Generate(prompts, options, [ExampleConditioning.Task(1), ExampleConditioning.Task(7)]);
        Assert.All(adapter.Calls, c => Assert.NotNull(c.TaskIds));
        var first = generator.Generate(prompts[0], options, ExampleConditioning.Task(1));
        var second = generator.Generate(prompts[1], options, ExampleConditioning.Task(7));
        Assert.Equal(first, together[0]);
        Assert.Equal(second, together[1]);
    }

    [Fact]
    public void Adapted_scoring_and_a_training_step_leak_no_tensor()
    {
        using var model = Tiny("t5", 6);
        var host = AdaptationPoints.Hosts(model).First(h => h.Name == "decoder.block.0.layer.0.SelfAttention.v");
        host.Host.Adapters.Add(new TaskShiftAdapter(((AdaptableLinear)host.Host).InFeatures));
        model.Adaptation.AddPromptProvider(new FixedPrompt(randn(1, 2, T5Config.Tiny.DModel)));
        AdaptationPoints.FreezeBase(model);
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        new SequenceScorer(model).ScoreTargets([new ScoreRequest([5, 1], [[3, 1], [4]], ExampleConditioning.Task(2)), new ScoreRequest([7, 8, 1], [[9]], ExampleConditioning.Task(0))]);
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        new Generator(model).Generate([5, 1], new GenerationOptions { MaxNewTokens = 3, NumBeams = 2 }, ExampleConditioning.Task(1));
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        using (var scope = NewDisposeScope())
        {
            model.Module.train();
            var logits = model.Logits(new ModelBatch(tensor(new long[] { 5, 9, 1 }, [1, 3]), tensor(new long[] { 0, 4 }, [1, 2]),
                Conditioning: new Conditioning(TaskIds: tensor(new long[] { 2 }))));
            logits.sum().backward();
        }
        foreach (var p in model.Module.parameters()) { p.grad?.Dispose(); }
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        Assert.All(AdaptationPoints.BaseParameters(model), p => Assert.False(p.Parameter.requires_grad));
    }

    [Fact]
    public void Parameter_adapters_follow_the_model_to_another_dtype()
    {
        using var model = Tiny("bloom", 7);
        model.Module.eval();
        var host = AdaptationPoints.Hosts(model).First(h => h.Name.EndsWith("dense_4h_to_h", StringComparison.Ordinal));
        host.Host.Adapters.Add(new TaskShiftAdapter(((AdaptableLinear)host.Host).InFeatures));
        var before = new SequenceScorer(model).ScoreTargets([5, 9, 2], [[3, 4]], ExampleConditioning.Task(1));
        model.Module.to(ScalarType.Float64);
        Assert.Equal(ScalarType.Float64, ((AdaptableLinear)host.Host).Adapters.Parameter("shift_u").dtype);
        var after = new SequenceScorer(model).ScoreTargets([5, 9, 2], [[3, 4]], ExampleConditioning.Task(1));
        Assert.Equal(before[0], after[0], new FloatTolerance(1e-4f));
    }
}

internal sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
{
    public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;
    public int GetHashCode(float obj) => 0;
}

public class SeededCreationTests
{
    [Theory]
    [InlineData("t5")]
    [InlineData("bloom")]
    public void The_same_seed_gives_the_same_weights_and_another_seed_other_weights(string family)
    {
        ModelConfig config = family == "t5" ? T5Config.Tiny : BloomConfig.Tiny;
        using var a = PretrainedModel.Create(config, seed: 4);
        using var b = PretrainedModel.Create(config, seed: 4);
        using var c = PretrainedModel.Create(config, seed: 5);
        var (sa, sb, sc) = (a.Module.state_dict(), b.Module.state_dict(), c.Module.state_dict());
        Assert.All(sa.Keys, k => Assert.True(sa[k].allclose(sb[k], 0, 0), k));
        Assert.Contains(sa.Keys, k => !sa[k].allclose(sc[k], 0, 0));
    }
}
