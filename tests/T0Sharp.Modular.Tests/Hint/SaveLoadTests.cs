using System.Text.Json.Nodes;
using T0Sharp.Modular.Hint;
using T0Sharp.Modular.Tests.Support;
using T0Sharp.Tests;
using static TorchSharp.torch;

namespace T0Sharp.Modular.Tests.Hint;

/// <summary>
/// HINT and hyper-adapters save in the modular folder layout and reload onto a fresh base to bit-identical logits
/// (weights moved off their initialisation first, so that a reload that silently re-initialised would fail).
/// </summary>
public class SaveLoadTests
{
    public static IEnumerable<object[]> Sections => new[]
    {
        """{"method": "hint", "adapter_size": 4, "prefix_length": 2, "fusion": true}""",
        """{"method": "hyper_adapters", "languages": ["en", "fr"], "task_languages": ["t_a=en", "t_b=fr", "t_c=en>fr"], "bottleneck": 4}""",
    }.Select(s => new object[] { s });

    [Theory]
    [MemberData(nameof(Sections))]
    public void Saved_methods_reload_to_bit_identical_logits(string section)
    {
        using var tmp = TestPaths.NewTempDir();
        using var model = TinyModel.Load();
        var modular = TinyModel.Attach(model, (JsonObject)JsonNode.Parse(section)!, seed: 3);
        using (no_grad())
            foreach (var p in modular.Method.Module.parameters()) p.add_(randn_like(p).mul(0.1));
        var batch = TinyModel.Batch(TinyModel.Tasks3(0, 2, 1));
        var before = TinyModel.Logits(model, batch);
        modular.Save(tmp.Path);

        using var fresh = TinyModel.Load();
        var loaded = ModularModel.Load(fresh, tmp.Path, ModularRegistry.CreateDefault(), TinyModel.Tokenize);
        var after = TinyModel.Logits(fresh, TinyModel.Batch(TinyModel.Tasks3(0, 2, 1)));
        Assert.True(TinyModel.Exact(before, after), $"max diff {before.sub(after).abs().max().item<float>():E3}");
        Assert.Equal(modular.Hyperparameters.ToJsonString(), loaded.Hyperparameters.ToJsonString());
        Assert.True(TinyModel.Exact(TinyModel.Logits(fresh, TinyModel.Batch(TinyModel.Tasks3(0, 2, 1))), after)); // and again (HINT: from the cache)
        if (loaded.Method is HintMethod hint) Assert.Equal(3, hint.CachedInstructions);
    }
}
