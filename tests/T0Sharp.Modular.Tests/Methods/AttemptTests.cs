using System.Text.Json.Nodes;
using T0Sharp.Models.Adaptation;
using T0Sharp.Modular.Attempt;
using T0Sharp.Modular.Tests.Support;
using T0Sharp.Tests;
using static TorchSharp.torch;

namespace T0Sharp.Modular.Tests.Methods;

public class AttemptTests
{
    static JsonObject Section(string target = "per_task") => new()
    {
        ["method"] = "attempt", ["prompt_length"] = 3, ["num_source_prompts"] = 2, ["target_prompt"] = target, ["attention_dim"] = 5,
    };

    static AttemptModule ModuleOf(ModularModel m) => (AttemptModule)m.Method.Module;

    [Fact]
    public void Prompt_matches_a_hand_computation_with_padding_masked_and_temperature_d_times_e()
    {
        using var model = TinyModel.Load();
        var modular = TinyModel.Attach(model, Section());
        var module = ModuleOf(modular);
        Assert.Equal(32 * Math.E, module.Temperature, 12);
        var g = new Generator(7);
        var emb = randn([2, 4, 32], generator: g);
        var mask = tensor(new long[] { 1, 1, 1, 1, 1, 1, 0, 0 }, [2, 4]);
        var c = new Conditioning(TaskIds: tensor(new long[] { 2, -1 }));
        using var _ = no_grad();
        var prompt = module.Prompt(new PromptRequest(2, emb, mask, c));
        Assert.Equal(new long[] { 2, 3, 32 }, prompt.shape);

        var state = module.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value);
        double[,,] Arr3(Tensor t) { var a = new double[t.shape[0], t.shape[1], t.shape[2]]; var d = t.to(ScalarType.Float64).data<double>().ToArray(); Buffer.BlockCopy(d, 0, a, 0, d.Length * 8); return a; }
        double[,] Arr2(Tensor t) { var a = new double[t.shape[0], t.shape[1]]; var d = t.to(ScalarType.Float64).data<double>().ToArray(); Buffer.BlockCopy(d, 0, a, 0, d.Length * 8); return a; }
        var src = Arr3(state["source_prompts"]);
        var tgt = Arr3(state["target_prompts"]);
        var down = Arr2(state["attention_down.weight"]);
        var up = Arr2(state["attention_up.weight"]);
        var lnW = state["attention_norm.weight"].to(ScalarType.Float64).data<double>().ToArray();
        var lnB = state["attention_norm.bias"].to(ScalarType.Float64).data<double>().ToArray();
        var x = Arr3(emb);
        var got = Arr3(prompt);
        for (var b = 0; b < 2; b++)
        {
            var real = b == 0 ? 4 : 2;
            var pooled = Enumerable.Range(0, 32).Select(k => Enumerable.Range(0, real).Max(s => x[b, s, k])).ToArray();
            var hid = Enumerable.Range(0, 5).Select(i => { var z = Enumerable.Range(0, 32).Sum(k => down[i, k] * pooled[k]); return z / (1 + Math.Exp(-z)); }).ToArray();
            var u = Enumerable.Range(0, 32).Select(k => Enumerable.Range(0, 5).Sum(i => up[k, i] * hid[i])).ToArray();
            var mean = u.Average();
            var variance = u.Select(v => (v - mean) * (v - mean)).Average();
            var h = u.Select((v, k) => (v - mean) / Math.Sqrt(variance + 1e-5) * lnW[k] + lnB[k]).ToArray();
            // target: task 2's for row 0, the mean over the three tasks' for the unknown row 1
            var target = new double[3, 32];
            for (var p = 0; p < 3; p++)
                for (var k = 0; k < 32; k++)
                    target[p, k] = b == 0 ? tgt[2, p, k] : (tgt[0, p, k] + tgt[1, p, k] + tgt[2, p, k]) / 3;
            double Cand(int j, int p, int k) => j < 2 ? src[j, p, k] : target[p, k];
            var scores = Enumerable.Range(0, 3).Select(j => Enumerable.Range(0, 32).Sum(k => Enumerable.Range(0, 3).Max(p => Cand(j, p, k)) * h[k]) / (32 * Math.E)).ToArray();
            var max = scores.Max();
            var w = scores.Select(s => Math.Exp(s - max)).ToArray();
            var sum = w.Sum();
            for (var p = 0; p < 3; p++)
                for (var k = 0; k < 32; k++)
                {
                    var expected = Enumerable.Range(0, 3).Sum(j => w[j] / sum * Cand(j, p, k)) + target[p, k];
                    Assert.True(Math.Abs(expected - got[b, p, k]) < 1e-5, $"row {b} pos {p} dim {k}: {got[b, p, k]} vs {expected}");
                }
        }
        // padding never enters the pool: huge values there change nothing
        var padded = emb.clone();
        padded[1, 2] = full(32, 1e4f);
        padded[1, 3] = full(32, 1e4f);
        Assert.True(TinyModel.Exact(prompt, module.Prompt(new PromptRequest(2, padded, mask, c))));
    }

    [Fact]
    public void Per_task_target_prompts_make_the_output_depend_on_the_task_and_shared_ones_do_not()
    {
        using var model = TinyModel.Load();
        TinyModel.Attach(model, Section());
        var a = TinyModel.Logits(model, TinyModel.Batch(TinyModel.Tasks3(0, 0, 0)));
        var b = TinyModel.Logits(model, TinyModel.Batch(TinyModel.Tasks3(0, 1, 2)));
        Assert.True(TinyModel.Exact(a[0], b[0]));
        Assert.False(a[1].allclose(b[1], 1e-6, 1e-6));
        using var shared = TinyModel.Load();
        var m = TinyModel.Attach(shared, Section("shared"));
        Assert.Equal(T0Sharp.Modular.Contract.ConditioningKinds.None, m.Method.ConditionsOn);
        Assert.True(TinyModel.Exact(TinyModel.Logits(shared, TinyModel.Batch(TinyModel.Tasks3(0, 0, 0))), TinyModel.Logits(shared, TinyModel.Batch(TinyModel.Tasks3(2, 1, -1)))));
    }

    [Fact]
    public void Source_prompts_load_from_PEFT_prompt_tuning_folders_and_stay_frozen()
    {
        var peftDir = TestPaths.TestData("adapters", "tiny-t0-t5-v1_1-gated-gelu--prompt-tuning-5");
        using var model = TinyModel.Load();
        var section = new JsonObject { ["method"] = "attempt", ["source_prompt_dirs"] = new JsonArray(peftDir, peftDir), ["num_source_prompts"] = 1 };
        var modular = TinyModel.Attach(model, section);
        Assert.Equal(5, modular.Hyperparameters["prompt_length"]!.GetValue<int>());
        using var checkpoint = T0Sharp.Models.Checkpoints.CheckpointReader.Open(Path.Combine(peftDir, "adapter_model.safetensors"));
        var expected = checkpoint.Load("prompt_embeddings").narrow(0, 0, 5);
        var loaded = modular.Method.Module.get_buffer("loaded_source_prompts")!;
        Assert.Equal(new long[] { 2, 5, 32 }, loaded.shape);
        Assert.True(TinyModel.Exact(loaded[0], expected) && TinyModel.Exact(loaded[1], expected));
        Assert.DoesNotContain(modular.Method.Module.named_parameters(), p => p.name.Contains("loaded"));
        var bad = new JsonObject { ["method"] = "attempt", ["source_prompt_dirs"] = new JsonArray(TinyModel.Dir) };
        using var other = TinyModel.Load();
        Assert.Contains("no adapter_config.json", Assert.Throws<InvalidDataException>(() => TinyModel.Attach(other, bad)).Message);
    }
}
