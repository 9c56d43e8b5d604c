using System.Text.Json.Nodes;
using T0Sharp.Models.Adaptation;
using T0Sharp.Modular.Tests.Support;
using T0Sharp.Tests;
using static TorchSharp.torch;

namespace T0Sharp.Modular.Tests.Methods;

/// <summary>
/// One battery over every method (a new method is a new row): gradients reach exactly the method's trainable tensors,
/// save → load into a fresh model gives bit-identical logits, the disabled model equals the base, outputs are finite.
/// </summary>
public class MethodBatteryTests
{
    public static IEnumerable<object[]> Rows => new[]
    {
        """{"method": "attempt", "prompt_length": 3, "num_source_prompts": 2, "target_prompt": "per_task", "attention_dim": 4}""",
        """{"method": "spt", "prompt_length": 2, "bank_size": 4, "top_k": 2, "own_prompt": "per_task", "combine": "concat"}""",
        """{"method": "hyperprompt", "prompt_length": 2, "task_dim": 4, "projector_dim": 6, "hyper_dim": 5, "bottleneck": 2}""",
        """{"method": "hint", "adapter_size": 4, "prefix_length": 2, "fusion": true}""",
        """{"method": "hint", "adapter_size": 3, "prefix_length": 0, "cache_instructions": false}""",
        """{"method": "hyper_adapters", "languages": ["en", "fr"], "task_languages": ["t_a=en", "t_b=fr", "t_c=en>fr"], "bottleneck": 4}""",
    }.Select(j => new object[] { j });

    static JsonObject Parse(string json) => (JsonObject)JsonNode.Parse(json)!;

    [Theory]
    [MemberData(nameof(Rows))]
    public void Gradients_reach_exactly_the_trainable_tensors(string json)
    {
        using var model = TinyModel.Load();
        var modular = TinyModel.Attach(model, Parse(json));
        AdaptationPoints.FreezeBase(model);
        model.Module.train();
        using var scope = NewDisposeScope();
        var logits = model.Logits(TinyModel.Batch(TinyModel.Tasks3(0, 1, -1)));
        var loss = nn.functional.cross_entropy(logits.reshape(-1, logits.shape[2]), tensor(new long[] { 17, 29, 5, 33, 2, 1, 41, 7, 1 }));
        loss.backward();
        var trainable = modular.Method.Module.named_parameters().Where(p => p.parameter.requires_grad).ToList();
        Assert.NotEmpty(trainable);
        foreach (var (name, p) in trainable)
            Assert.True(p.grad is { } g && g.abs().sum().item<float>() > 0, $"{name} got no gradient");
        Assert.All(AdaptationPoints.BaseParameters(model), p => Assert.True(p.Parameter.grad is null, $"base tensor {p.Name} got a gradient"));
        Assert.Equal(AdaptationPoints.AdapterParameters(model).Select(p => p.Name).Order(), modular.Method.Module.named_parameters().Select(p => "modular." + p.name).Order());
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Save_then_load_gives_bit_identical_logits_and_disabled_equals_base(string json)
    {
        using var tmp = TestPaths.NewTempDir();
        using var model = TinyModel.Load();
        var modular = TinyModel.Attach(model, Parse(json), seed: 5);
        using (no_grad()) foreach (var (_, p) in modular.Method.Module.named_parameters()) p.add_(randn(p.shape, generator: new Generator(11)) * 0.05);
        var batch = TinyModel.Batch(TinyModel.Tasks3(2, 0, -1));
        var before = TinyModel.Logits(model, batch);
        Assert.True(before.isfinite().all().item<bool>());
        modular.Save(tmp.Path);
        using var fresh = TinyModel.Load();
        var loaded = ModularModel.Load(fresh, tmp.Path, ModularRegistry.CreateDefault(), TinyModel.Tokenize);
        Assert.Equal(modular.Hyperparameters.ToJsonString(), loaded.Hyperparameters.ToJsonString());
        Assert.Equal(modular.Tasks.Tasks.Select(t => t.Name), loaded.Tasks.Tasks.Select(t => t.Name));
        Assert.True(TinyModel.Exact(before, TinyModel.Logits(fresh, batch)));

        using var plain = TinyModel.Load();
        fresh.Adaptation.Enabled = false; // prompts and prefixes off, and module adapters (HINT, hyper-adapters) too:
        foreach (var host in AdaptationPoints.Hosts(fresh)) host.Host.Adapters.Enabled = false;
        Assert.True(TinyModel.Exact(TinyModel.Logits(plain, batch), TinyModel.Logits(fresh, batch)));
        Assert.False(TinyModel.Exact(before, TinyModel.Logits(fresh, batch)));
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void A_bfloat16_model_takes_the_float32_method_and_stays_as_close_to_float32_as_the_base_does(string json)
    {
        using var full = TinyModel.Load();
        using var half = T0Sharp.Models.PretrainedModel.Load(TinyModel.Dir, CPU, ScalarType.BFloat16);
        var batch = TinyModel.Batch(TinyModel.Tasks3(1, 0, -1));
        float Gap() => (TinyModel.Logits(full, batch) - TinyModel.Logits(half, batch)).abs().max().item<float>();
        var baseGap = Gap();
        TinyModel.Attach(full, Parse(json));
        TinyModel.Attach(half, Parse(json));
        Assert.True(TinyModel.Logits(half, batch).isfinite().all().item<bool>());
        var gap = Gap();
        // bf16 rounding of the base model dominates; the method (fp32 tensors, prompts/prefixes cast to bf16) adds little
        Assert.True(gap < 1.5 * baseGap + 0.05, $"max |fp32 - bf16|: {gap} adapted, {baseGap} base");
    }

    [Fact]
    public void A_folder_for_another_base_model_or_with_missing_tensors_is_refused_by_name()
    {
        using var tmp = TestPaths.NewTempDir();
        using var model = TinyModel.Load();
        TinyModel.Attach(model, Parse("""{"method": "attempt", "prompt_length": 2}""")).Save(tmp.Path);
        using var other = T0Sharp.Models.PretrainedModel.Load(TestPaths.TestData("models", "tiny-t5-v1_0-relu"));
        var config = System.IO.File.ReadAllText(System.IO.Path.Combine(tmp.Path, ModularFolder.ConfigFile));
        if (T0Sharp.Modular.Contract.ModelDims.Of(other).DModel == 32)
            System.IO.File.WriteAllText(System.IO.Path.Combine(tmp.Path, ModularFolder.ConfigFile), config.Replace("\"d_model\": 32", "\"d_model\": 48"));
        var e = Assert.Throws<InvalidDataException>(() => ModularModel.Load(other, tmp.Path, ModularRegistry.CreateDefault()));
        Assert.Contains("d_model", e.Message);
    }
}
