using T0Sharp.Models;
using T0Sharp.Models.Adaptation;
using T0Sharp.Tests;
using TorchSharp;
using static TorchSharp.torch;

namespace T0Sharp.Peft.Tests.Invariants;

/// <summary>
/// One battery over every (method, config) row (<see cref="MethodRow.All"/>): a new method is a new row. The adapted
/// model equals the base at an identity init; a training step changes only adapter tensors; merged equals unmerged;
/// disabled equals the base; save/load round-trips bit for bit; outputs are finite; nothing leaks.
/// </summary>
public class InvariantBatteryTests
{
    static PeftModel Apply(ILanguageModel model, MethodRow row, long seed = 3) =>
        PeftSetup.Apply(model, PeftSetup.ParseConfig(row.Settings, "row " + row.Name), new PeftApplyOptions(seed));

    static Tensor Logits(ILanguageModel model, MethodRow row)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        return model.Logits(row.Batch(model).Batch).MoveToOuterDisposeScope();
    }

    static void Step(PeftModel peft, MethodRow row, optim.Optimizer optimizer)
    {
        using var scope = NewDisposeScope();
        var (batch, targets) = row.Batch(peft.Model);
        var logits = peft.Model.Logits(batch);
        var loss = nn.functional.cross_entropy(logits.reshape(-1, logits.shape[^1]), targets.reshape(-1));
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
    }

    static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    static optim.Optimizer Optimizer(PeftModel peft) => optim.AdamW(peft.TrainableParameters.Select(p => p.Parameter), 1e-2);

    [Theory]
    [MemberData(nameof(MethodRow.Data), MemberType = typeof(MethodRow))]
    public void Output_equals_the_base_at_an_identity_init_and_is_finite(MethodRow row)
    {
        using var model = row.NewBase();
        using var baseLogits = Logits(model, row);
        using var peft = Apply(model, row);
        using var adapted = Logits(model, row);
        Assert.True(adapted.isfinite().all().item<bool>(), "adapted outputs are finite");
        if (row.Identity) Assert.True(Same(baseLogits, adapted), "identity init gives the base model's logits");
        else Assert.False(baseLogits.allclose(adapted, 1e-5, 1e-5), "a non-identity init changes the output");
        Assert.True(peft.TrainableParameterCount > 0);
    }

    [Theory]
    [MemberData(nameof(MethodRow.Data), MemberType = typeof(MethodRow))]
    public void A_training_step_changes_only_adapter_tensors(MethodRow row)
    {
        using var model = row.NewBase();
        using var peft = Apply(model, row);
        model.Module.train();
        var trainable = peft.TrainableParameters.Select(p => p.Name).ToHashSet();
        var before = model.Module.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
        using var optimizer = Optimizer(peft);
        Step(peft, row, optimizer);
        Step(peft, row, optimizer);
        var changed = model.Module.named_parameters().Where(p => !Same(p.parameter, before[p.name])).Select(p => p.name).ToList();
        Assert.NotEmpty(changed);
        Assert.All(changed, n => Assert.Contains(n, trainable));
        Assert.All(model.Module.named_parameters().Where(p => !trainable.Contains(p.name)), p => Assert.False(p.parameter.requires_grad, p.name));
        foreach (var t in before.Values) t.Dispose();
    }

    [Theory]
    [MemberData(nameof(MethodRow.Data), MemberType = typeof(MethodRow))]
    public void Merged_equals_unmerged_and_disabled_equals_the_base(MethodRow row)
    {
        using var model = row.NewBase();
        using var baseLogits = Logits(model, row);
        var baseWeights = model.Module.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
        using var peft = Apply(model, row);
        using (var optimizer = Optimizer(peft)) { model.Module.train(); Step(peft, row, optimizer); model.Module.eval(); }
        using var adapted = Logits(model, row);

        peft.Enabled = false;
        using (var disabled = Logits(model, row)) Assert.True(Same(baseLogits, disabled), "disabled adapter gives the base model");
        peft.Enabled = true;
        using (var again = Logits(model, row)) Assert.True(Same(adapted, again), "re-enabled adapter gives the adapted model");

        Assert.Equal(row.Mergeable, peft.CanMerge);
        if (row.Mergeable)
        {
            peft.Merge();
            using (var merged = Logits(model, row)) Assert.True(adapted.allclose(merged, 1e-4, 1e-5), $"merged equals unmerged ({row.Name})");
            peft.Unmerge();
            using (var unmerged = Logits(model, row)) Assert.True(adapted.allclose(unmerged, 1e-4, 1e-5), "unmerged equals the adapter before merging");
            foreach (var (name, p) in AdaptationPoints.BaseParameters(model))
                if (peft.ModulesToSave?.Parameters.Any(m => m.Name == name) != true)
                    Assert.True(baseWeights[name].allclose(p, 1e-4, 1e-6), $"unmerge restores {name}");
        }
        else Assert.Throws<NotSupportedException>(peft.Merge);
        foreach (var t in baseWeights.Values) t.Dispose();
    }

    [Theory]
    [MemberData(nameof(MethodRow.Data), MemberType = typeof(MethodRow))]
    public void Save_and_load_round_trip_bit_for_bit(MethodRow row)
    {
        using var dir = TestPaths.NewTempDir();
        using var model = row.NewBase();
        using var peft = Apply(model, row);
        using (var optimizer = Optimizer(peft)) { model.Module.train(); Step(peft, row, optimizer); model.Module.eval(); }
        using var adapted = Logits(model, row);
        peft.Save(dir.Path);

        using var fresh = row.NewBase();
        using var loaded = PeftSetup.LoadAdapter(fresh, dir.Path);
        using var reloaded = Logits(fresh, row);
        Assert.True(Same(adapted, reloaded), "a loaded adapter computes exactly what was saved");
        Assert.Equal(peft.TrainableParameterCount - (peft.Config is T0Sharp.Peft.Config.PrefixTuningConfig { PrefixProjection: true } ? ProjectionOnly(peft) : 0),
            loaded.TrainableParameterCount);
        using var again = TestPaths.NewTempDir();
        loaded.Save(again.Path);
        foreach (var file in new[] { "adapter_config.json", "adapter_model.safetensors" })
            Assert.Equal(File.ReadAllBytes(dir.File(file)), File.ReadAllBytes(again.File(file)));
    }

    [Theory]
    [MemberData(nameof(MethodRow.Data), MemberType = typeof(MethodRow))]
    public void Resuming_restores_every_trainable_tensor_bit_for_bit(MethodRow row)
    {
        using var dir = TestPaths.NewTempDir();
        using var model = row.NewBase();
        using var peft = Apply(model, row);
        using (var optimizer = Optimizer(peft)) { model.Module.train(); Step(peft, row, optimizer); model.Module.eval(); }
        peft.Save(dir.Path);
        using var fresh = row.NewBase();
        using var resumed = Apply(fresh, row, seed: 99); // a training run re-applies its config, then loads the checkpoint
        resumed.LoadWeights(dir.Path);
        var saved = peft.TrainableParameters.ToDictionary(p => p.Name, p => p.Parameter);
        Assert.Equal(saved.Keys.Order(), resumed.TrainableParameters.Select(p => p.Name).Order());
        foreach (var (name, p) in resumed.TrainableParameters) Assert.True(Same(saved[name], p), name);
    }

    /// <summary>prefix_projection's training network (PEFT saves only its output, so a loaded adapter is the plain table).</summary>
    static long ProjectionOnly(PeftModel peft)
    {
        var table = peft.Adapter.Tensors.First(t => t.Key == "prompt_embeddings").Shape;
        var encoderTable = peft.Adapter.Tensors.FirstOrDefault(t => t.Key == "encoder_prompt_embeddings")?.Shape;
        var saved = table[0] * table[1] + (encoderTable is null ? 0 : encoderTable[0] * encoderTable[1]);
        return peft.TrainableParameterCount - saved;
    }

    static long Live => DisposeScopeManager.Statistics.ThreadTotalLiveCount;

    [Theory]
    [MemberData(nameof(MethodRow.Data), MemberType = typeof(MethodRow))]
    public void Training_scoring_and_generation_leave_no_live_tensors(MethodRow row)
    {
        using var model = row.NewBase();
        using var peft = Apply(model, row);
        using var optimizer = Optimizer(peft);
        var scorer = new SequenceScorer(model);
        var generator = new T0Sharp.Models.Generator(model);
        void Round()
        {
            model.Module.train();
            Step(peft, row, optimizer);
            model.Module.eval();
            scorer.ScoreTargets([new ScoreRequest([5, 6, 1], [[7, 1], [8, 9, 1]], row.Example(0)), new ScoreRequest([8, 1], [[4, 1]], row.Example(1))]);
            generator.Generate([[5, 6, 1], [7]], new GenerationOptions { MaxNewTokens = 3 }, row.Tasks is null ? null : [row.Example(0), row.Example(1)]);
            generator.Generate([5, 6, 1], new GenerationOptions { MaxNewTokens = 3, NumBeams = 2 }, row.Example(0));
        }
        Round(); // the optimizer allocates its state on the first step
        var baseline = Live;
        Round();
        Round();
        Assert.Equal(baseline, Live);
    }
}
