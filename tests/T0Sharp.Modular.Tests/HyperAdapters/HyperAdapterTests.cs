using System.Text.Json.Nodes;
using T0Sharp.Models;
using T0Sharp.Models.Adaptation;
using T0Sharp.Modular.Contract;
using T0Sharp.Modular.HyperAdapters;
using static TorchSharp.torch;

namespace T0Sharp.Modular.Tests.HyperAdapters;

/// <summary>
/// Hyper-adapters against hand and independent computations: the generator and its 1/√d_h rescaling (by hand, with
/// the unknown-language mean), the adapter in a T5 (against the adapter written out per row from the generator's
/// output), rows of different language pairs in one batch (against each row alone), task ids mapped to languages
/// (against explicit language ids), BLOOM hosting, and which tensors get gradients.
/// </summary>
public class HyperAdapterTests
{
    static HyperAdapterSettings Settings(ModularSettings s) => HyperAdapterSettings.Read(s);

    static ModularSettings Section(string json) => new((JsonObject)JsonNode.Parse(json)!);

    [Fact]
    public void The_generator_divides_by_the_square_root_of_its_hidden_width_and_uses_the_mean_for_unknown_languages()
    {
        var s = Settings(Section("""{"languages": ["en", "fr"], "embedding_dim": 1, "hidden_dim": 4, "bottleneck": 1}"""));
        using var net = new HyperAdapterNetwork(2, 1, 2, s, null);
        var sd = net.state_dict();
        using (no_grad())
        {
            sd["language_embedding"].copy_(tensor(new float[] { 1, 2 }, [2, 1]));
            sd["layer_embedding"].copy_(tensor(new float[] { 3 }, [1, 1]));
            sd["hidden.weight"].copy_(tensor(new float[] { 1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1 }, [4, 3]));
            sd["hidden.bias"].zero_();
            sd["heads.bias_down.weight"].copy_(tensor(new float[] { 1, 1, 1, 1 }, [1, 4]));
            sd["heads.down.weight"].copy_(tensor(new float[] { 1, 0, 0, 0, 0, 0, 0, 1 }, [2, 4]));
        }
        // (en, fr) at layer 0: x = [1, 2, 3], h = relu([1, 2, 3, 6]); bias_down = 12 / √4 = 6, down = [1, 6] / 2.
        // (unknown, fr): the source is the mean embedding 1.5, h = [1.5, 2, 3, 6.5], bias_down = 13 / 2.
        var g = net.Generate(tensor(new long[] { 0, 1, -1, 1 }, [2, 2]), 0);
        Assert.Equal(new[] { 6f, 6.5f }, g.BiasDown.data<float>().ToArray());
        Assert.Equal(new[] { 0.5f, 3f }, g.Down[0].data<float>().ToArray());
    }

    static (ILanguageModel Model, HyperAdapterMethod Method) Build(ModelConfig config, string section, TaskTable? tasks = null, long seed = 4)
    {
        var model = PretrainedModel.Create(config, seed: seed);
        var method = new HyperAdapterMethod(new ModularContext(model, tasks ?? TaskTable.Empty, seed), Settings(Section(section)));
        AdaptationPoints.FreezeBase(model);
        return (model, method);
    }

    const string ThreeLanguages = """{"languages": ["en", "fr", "sw"], "embedding_dim": 4, "hidden_dim": 16, "bottleneck": 3, "task_languages": ["xnli_fr=fr", "mt=en>sw"]}""";

    [Fact]
    public void The_adapter_in_a_t5_is_the_bottleneck_adapter_written_out_per_row()
    {
        var (model, method) = Build(T5Config.Tiny, ThreeLanguages);
        using var _m = model as IDisposable;
        model.Module.eval();
        using var scope = NewDisposeScope();
        using var ng = no_grad();
        var ids = tensor(new long[] { 3, 4, 5, 1, 8, 9, 1, 0, 7, 1, 0, 0 }, [3, 4]);
        var mask = ids.ne(0).to(ScalarType.Int64);
        var pairs = tensor(new long[] { 0, 1, 2, 2, 0, 1 }, [3, 2]);
        var adapted = ((IEncoderDecoderLM)model).Encode(new EncoderInput(ids, mask, Conditioning: new Conditioning(LanguageIds: pairs))).Hidden;

        using var plain = PretrainedModel.Create(T5Config.Tiny, seed: 4);
        plain.Module.eval();
        foreach (var host in AdaptationPoints.Hosts(plain).Where(h => h.LocalName == "DenseReluDense" && h.Name.StartsWith("encoder.")))
            host.Host.Adapters.Add(new WrittenOut(method.Network.Generate(pairs, host.LayerIndex!.Value)));
        var byHand = ((IEncoderDecoderLM)plain).Encode(new EncoderInput(ids, mask)).Hidden;
        var diff = adapted.sub(byHand).abs().max().item<float>();
        Assert.True(diff < 1e-5, $"max diff {diff:E3}"); // float32: batched versus per-row matmuls
        // Rows 0 and 2 share a language pair and read different inputs; row 0 alone gives the same as in the batch.
        var alone = ((IEncoderDecoderLM)model).Encode(new EncoderInput(ids[..1], mask[..1], Conditioning: new Conditioning(LanguageIds: pairs[..1]))).Hidden;
        Assert.True(alone.sub(adapted[..1]).abs().max().item<float>() < 1e-5);
        // Another language pair changes the output.
        var swapped = ((IEncoderDecoderLM)model).Encode(new EncoderInput(ids[..1], mask[..1], Conditioning: new Conditioning(LanguageIds: tensor(new long[] { 1, 0 }, [1, 2])))).Hidden;
        Assert.True(swapped.sub(alone).abs().max().item<float>() > 1e-4, "the language pair changed nothing");
    }

    /// <summary>y + relu(LN(y)·Dᵀ + b_d)·U + b_u, one row at a time, LN written out (population variance, eps 1e-5).</summary>
    sealed class WrittenOut(GeneratedAdapter g) : IModuleAdapter
    {
        public string Method => "written-out";
        public void Attach(AdapterSlot slot) { }
        public Tensor TransformOutput(AdapterSlot slot, Tensor input, Tensor output, AdapterCall call)
        {
            var rows = new List<Tensor>();
            for (var r = 0; r < output.shape[0]; r++)
            {
                var y = output[r];
                var mean = y.mean([-1], keepdim: true);
                var z = (y - mean) / (y - mean).pow(2).mean([-1], keepdim: true).add(1e-5).sqrt();
                rows.Add(y + (z.matmul(g.Down[r].t()) + g.BiasDown[r]).clamp_min(0).matmul(g.Up[r]) + g.BiasUp[r]);
            }
            return stack(rows.ToArray());
        }
    }

    [Fact]
    public void Task_ids_map_to_their_languages_exactly_as_explicit_language_ids()
    {
        var tasks = new TaskTable([new("mt", "", []), new("xnli_fr", "", []), new("other", "", [])]);
        var (model, _) = Build(T5Config.Tiny, ThreeLanguages, tasks);
        using var _m = model as IDisposable;
        model.Module.eval();
        using var scope = NewDisposeScope();
        using var ng = no_grad();
        var ids = tensor(new long[] { 3, 4, 5, 1, 8, 9, 1, 0, 7, 1, 0, 0 }, [3, 4]);
        var mask = ids.ne(0).to(ScalarType.Int64);
        var t5 = (IEncoderDecoderLM)model;
        var byTask = t5.Encode(new EncoderInput(ids, mask, Conditioning: new Conditioning(TaskIds: tensor(new long[] { 0, 1, 2 })))).Hidden;
        var byLanguage = t5.Encode(new EncoderInput(ids, mask, Conditioning: new Conditioning(LanguageIds: tensor(new long[] { 0, 2, 1, 1, -1, -1 }, [3, 2])))).Hidden;
        Assert.True(byTask.sub(byLanguage).abs().max().item<float>() == 0, "task ids should give exactly the explicit languages (task 'other' has none: unknown)");
    }

    [Fact]
    public void Bloom_hosts_them_and_gradients_reach_exactly_the_hypernetwork_tensors()
    {
        var (model, method) = Build(BloomConfig.Tiny, ThreeLanguages);
        using var _m = model as IDisposable;
        model.Module.train();
        using var scope = NewDisposeScope();
        var ids = tensor(new long[] { 3, 4, 5, 6, 8, 9, 10, 11, 7, 12, 13, 14 }, [3, 4]);
        var batch = new ModelBatch(ids, Conditioning: new Conditioning(LanguageIds: tensor(new long[] { 0, 1, 2 })));
        model.Logits(batch).log_softmax(-1)[.., .., 7].sum().neg().backward();
        var mine = method.Module.parameters().ToHashSet(ReferenceEqualityComparer.Instance);
        Assert.Equal(8, mine.Count); // 2 embeddings, hidden weight and bias, 4 heads
        foreach (var (name, p) in model.Module.named_parameters())
            if (mine.Contains(p)) Assert.True(p.grad is not null && p.grad.abs().max().item<float>() > 0, $"{name} got no gradient");
            else Assert.True(p.grad is null, $"base tensor {name} got a gradient");
    }

    [Fact]
    public void Bad_settings_name_the_setting()
    {
        var e = Assert.Throws<InvalidDataException>(() => Settings(Section("""{"languages": ["en"], "task_languages": ["t=de"]}""")));
        Assert.Contains("modular.task_languages", e.Message);
        Assert.Contains("\"de\" is not in modular.languages", e.Message);
        Assert.Contains("modular.languages", Assert.Throws<InvalidDataException>(() => Settings(Section("""{"bottleneck": 4}"""))).Message);
    }
}
