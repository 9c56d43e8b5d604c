using System.Text.Json.Nodes;
using T0Sharp.Models.Adaptation;
using T0Sharp.Modular.HyperPrompt;
using T0Sharp.Modular.Tests.Support;
using static TorchSharp.torch;

namespace T0Sharp.Modular.Tests.Methods;

public class HyperPromptTests
{
    static JsonObject Section => new() { ["method"] = "hyperprompt", ["prompt_length"] = 3, ["task_dim"] = 4, ["projector_dim"] = 6, ["hyper_dim"] = 5, ["bottleneck"] = 2 };

    [Fact]
    public void Prefix_matches_a_hand_computation_of_the_hypernetwork()
    {
        using var model = TinyModel.Load();
        var modular = TinyModel.Attach(model, Section);
        var module = (HyperPromptModule)modular.Method.Module;
        // the bias terms start at zero; make them matter
        using (no_grad()) foreach (var (_, p) in module.named_parameters()) p.add_(randn(p.shape, generator: new Generator(3)) * 0.1);
        var c = new Conditioning(TaskIds: tensor(new long[] { 1, -1 }));
        using var _ = no_grad();
        var prefixes = module.Prefixes(AttentionSite.DecoderSelf, 2, c)!;
        Assert.Equal(2, prefixes.Count);
        Assert.Null(module.Prefixes(AttentionSite.DecoderCross, 2, c));
        var slot = module.Slot(AttentionSite.DecoderSelf, 1);
        Assert.Equal(3, slot); // encoder layers 0, 1 then decoder layers 0, 1
        var got = prefixes[1];
        Assert.Equal(new long[] { 2, 4, 3, 16 }, got.Key.shape);

        var st = module.state_dict().ToDictionary(kv => kv.Key, kv => new Host.Array(kv.Value));
        var raw = module.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value);
        double[] Lin(string name, double[] x) => Host.MatVec(st[name + ".weight"], x, raw[name + ".weight"].shape[0]).Select((v, i) => v + st[name + ".bias"][i]).ToArray();
        var key = new Host.Array(got.Key);
        var value = new Host.Array(got.Value);
        for (var b = 0; b < 2; b++)
        {
            var task = Enumerable.Range(0, 4).Select(k => b == 0 ? st["task_embeddings"][1, k] : Enumerable.Range(0, 3).Average(t => st["task_embeddings"][t, k])).ToArray();
            var z = task.Concat(Enumerable.Range(0, 4).Select(k => st["layer_embeddings"][slot, k])).ToArray();
            var i = Lin("projector_out", Lin("projector_in", z).Select(v => Math.Max(0, v)).ToArray());
            foreach (var (kind, got4) in new[] { ("key", key), ("value", value) })
            {
                var down = Lin(kind + "_down", i);   // (b=2, d=32) row-major
                var up = Lin(kind + "_up", i);       // (64, 2) row-major
                for (var p = 0; p < 3; p++)
                {
                    var hidden = Enumerable.Range(0, 2).Select(j => Math.Max(0, Enumerable.Range(0, 32).Sum(k => st["global_prompts"][slot, p, k] * down[j * 32 + k]))).ToArray();
                    for (var o = 0; o < 64; o++)
                    {
                        var expected = hidden[0] * up[o * 2] + hidden[1] * up[o * 2 + 1];
                        Assert.True(Math.Abs(expected - got4[b, o / 16, p, o % 16]) < 1e-5, $"{kind} row {b} pos {p} out {o}");
                    }
                }
            }
        }
    }

    [Fact]
    public void Tasks_get_their_own_prompts_and_unknown_tasks_the_mean_task()
    {
        using var model = TinyModel.Load();
        TinyModel.Attach(model, Section);
        var a = TinyModel.Logits(model, TinyModel.Batch(TinyModel.Tasks3(0, 0, 0)));
        var b = TinyModel.Logits(model, TinyModel.Batch(TinyModel.Tasks3(0, 1, -1)));
        Assert.True(TinyModel.Exact(a[0], b[0]));
        Assert.False(a[1].allclose(b[1], 1e-6, 1e-6));
        Assert.False(a[2].allclose(b[2], 1e-6, 1e-6));
    }
}
