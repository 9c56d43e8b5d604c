using T0Sharp.Models;
using T0Sharp.Models.Adaptation;
using T0Sharp.Modular.Contract;
using T0Sharp.Modular.Hint;
using static TorchSharp.torch;

namespace T0Sharp.Modular.Tests.Hint;

/// <summary>
/// HINT's math against hand and independent computations: the 1/√d scaling of generated values (by hand), the
/// hypernetwork's attention and MLPs (float64 from its own weights), the generated adapter and prefix on a T5 (against
/// the adapter written out and against a prefix provider-free model), fusion (against concatenating the encoded
/// instruction to the encoder output), cached versus recomputed inference, and which tensors get gradients.
/// </summary>
public class HintTests
{
    static readonly TaskTable NoTasks = TaskTable.Empty;

    static (ILanguageModel Model, HintMethod Hint) Build(HintSettings s, long seed = 3)
    {
        var model = PretrainedModel.Create(T5Config.Tiny, seed: seed);
        var hint = new HintMethod(new ModularContext(model, NoTasks, seed), s);
        AdaptationPoints.FreezeBase(model);
        return (model, hint);
    }

    /// <summary>The two-row test batch: its instructions, encoder ids with their mask (row 2 padded) and decoder ids.</summary>
    static (Conditioning C, Tensor Ids, Tensor Attention, Tensor DecoderIds) Batch() =>
        (Instructions([5, 6, 7, 1], [9, 1]), tensor(new long[] { 3, 4, 5, 1, 8, 9, 1, 0 }, [2, 4]),
         tensor(new long[] { 1, 1, 1, 1, 1, 1, 1, 0 }, [2, 4]), tensor(new long[] { 0, 3, 4, 0, 5, 6 }, [2, 3]));

    static Conditioning Instructions(params long[][] rows)
    {
        var examples = rows.Select(r => (ExampleConditioning?)new ExampleConditioning(InstructionIds: r.Select(x => (int)x).ToList())).ToList();
        return ExampleConditioning.Batch(examples, CPU)!;
    }

    [Fact]
    public void Generated_values_are_divided_by_the_square_root_of_the_hypernetwork_input_width()
    {
        // d = 4, one head of width 2, one encoder layer, adapters of width 1: the bias-down group has one row and output 1.
        var dims = new ModelDims("t5", 4, 1, 2, 1, 0);
        var s = new HintSettings(1, 0, false, true);
        var layout = new HintLayout(dims, s);
        using var net = new HintHypernetwork(layout, null);
        var sd = net.state_dict();
        using (no_grad())
        {
            // One instruction position: attention weight 1 on it, so summary = o(v(h)) for every component.
            sd["attention.v.weight"].copy_(tensor(new float[] { 1, 0, 0, 0, 0, 1, 0, 0 }, [2, 4]));
            sd["attention.o.weight"].copy_(tensor(new float[] { 1, 0, 0, 1, 0, 0, 0, 0 }, [4, 2]));
            sd["generators.adapter_bias_down.wi.weight"].copy_(eye(4));
            sd["generators.adapter_bias_down.wo.weight"].copy_(tensor(new float[] { 1, 0, 0, 0 }, [1, 4]));
        }
        var generated = net.Generate(tensor(new float[] { 1, 2, 0, 0 }, [1, 1, 4]), ones(1, 1, dtype: ScalarType.Int64));
        // gelu_new(1) = 0.5·(1 + tanh(√(2/π)·(1 + 0.044715))) = 0.8411920; / √4.
        var expected = 0.5 * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (1 + 0.044715))) / 2;
        Assert.Equal(0.4205960, expected, 6);
        Assert.Equal(expected, generated["adapter_bias_down"].item<float>(), 6);
    }

    [Fact]
    public void The_hypernetwork_matches_an_independent_float64_computation_with_padding_masked()
    {
        var dims = new ModelDims("t5", 6, 2, 3, 2, 1);
        var s = new HintSettings(2, 3, false, true);
        var layout = new HintLayout(dims, s);
        Assert.Equal(3 * 2 + 3 * 2 + 3 + 3 + 2 * 4 * 3, layout.Rows); // down, up (3 adapter sites × a), 2 biases, keys and values (4 prefix sites × P)
        using var net = new HintHypernetwork(layout, new TorchSharp.torch.Generator(5));
        var h = randn(new long[] { 2, 4, 6 }, generator: new TorchSharp.torch.Generator(6));
        var mask = tensor(new long[] { 1, 1, 1, 1, 1, 1, 0, 0 }, [2, 4]);
        var generated = net.Generate(h, mask);

        var w = net.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.to(ScalarType.Float64));
        foreach (var g in layout.Groups)
        {
            for (var row = 0; row < 2; row++)
            {
                var len = row == 0 ? 4 : 2;
                var hh = h[row].narrow(0, 0, len).to(ScalarType.Float64);                         // padding dropped outright
                var e = w["component_embedding"].narrow(0, g.Start, g.Rows);
                var heads = new List<Tensor>();
                for (var head = 0; head < 2; head++)
                {
                    var qh = e.matmul(w["attention.q.weight"].narrow(0, head * 3, 3).t()) / Math.Sqrt(3);
                    var kh = hh.matmul(w["attention.k.weight"].narrow(0, head * 3, 3).t());
                    var vh = hh.matmul(w["attention.v.weight"].narrow(0, head * 3, 3).t());
                    heads.Add(qh.matmul(kh.t()).softmax(-1).matmul(vh));
                }
                var summary = cat(heads.ToArray(), 1).matmul(w["attention.o.weight"].t());
                var hidden = summary.matmul(w[$"generators.{g.Name}.wi.weight"].t());
                hidden = 0.5 * hidden * (1 + tanh(Math.Sqrt(2 / Math.PI) * (hidden + 0.044715 * hidden.pow(3))));
                var expected = hidden.matmul(w[$"generators.{g.Name}.wo.weight"].t()) / Math.Sqrt(6);
                var actual = generated[g.Name][row].to(ScalarType.Float64);
                var diff = actual.sub(expected).abs().max().item<double>();
                Assert.True(diff < 1e-6, $"{g.Name} row {row}: max diff {diff:E3}");
            }
        }
    }

    [Fact]
    public void The_generated_adapter_is_the_parallel_feed_forward_adapter_written_out()
    {
        var (model, hint) = Build(new HintSettings(3, 0, false, true));
        using var _m = model as IDisposable;
        model.Module.eval();
        using var scope = NewDisposeScope();
        using var ng = no_grad();
        var t5 = (IEncoderDecoderLM)model;
        var (c, ids, attention, _) = Batch();
        var adapted = t5.Encode(new EncoderInput(ids, attention, Conditioning: c)).Hidden;

        // The same encoder computed by a plain model (same weights) whose encoder feed-forward layers add the adapter
        // written out, with the parameters generated outside the model.
        var generated = GenerateByHand(model, hint, c);
        using var plain = PretrainedModel.Create(T5Config.Tiny, seed: 3);
        plain.Module.eval();
        var p5 = (IEncoderDecoderLM)plain;
        var baseHidden = p5.Encode(new EncoderInput(ids, attention)).Hidden;
        foreach (var host in AdaptationPoints.Hosts(plain).Where(h => h.LocalName == "DenseReluDense" && h.Name.StartsWith("encoder.")))
        {
            var l = host.LayerIndex!.Value;
            host.Host.Adapters.Add(new WrittenOutAdapter(generated.Down![.., l], generated.Up![.., l], generated.BiasDown![.., l], generated.BiasUp![.., l]));
        }
        var byHand = p5.Encode(new EncoderInput(ids, attention)).Hidden;
        var diff = adapted.sub(byHand).abs().max().item<float>();
        Assert.True(diff < 1e-5, $"max diff {diff:E3}"); // float32: the batched matmul and the per-row one sum in different orders
        Assert.True(byHand.sub(baseHidden).abs().max().item<float>() > 1e-4, "the adapter changed nothing");
    }

    /// <summary>The generated parameters recomputed outside the model: the plain encoder on the instructions, then the hypernetwork.</summary>
    static HintParameters GenerateByHand(ILanguageModel model, HintMethod hint, Conditioning c)
    {
        model.Adaptation.Enabled = false;
        foreach (var host in AdaptationPoints.Hosts(model)) host.Host.Adapters.Enabled = false;
        var hidden = ((IEncoderDecoderLM)model).Encode(new EncoderInput(c.InstructionIds, c.InstructionMask)).Hidden;
        model.Adaptation.Enabled = true;
        foreach (var host in AdaptationPoints.Hosts(model)) host.Host.Adapters.Enabled = true;
        var net = (HintHypernetwork)hint.Module;
        return HintParameters.From(net.Generate(hidden, c.InstructionMask!), hint.Layout, hint.Settings, null, null);
    }

    /// <summary>y + gelu_new(x·Dᵀ + b_d)·U + b_u written with plain tensor ops.</summary>
    sealed class WrittenOutAdapter(Tensor down, Tensor up, Tensor biasDown, Tensor biasUp) : IModuleAdapter
    {
        public string Method => "written-out";
        public void Attach(AdapterSlot slot) { }
        public Tensor TransformOutput(AdapterSlot slot, Tensor input, Tensor output, AdapterCall call)
        {
            var rows = new List<Tensor>();
            for (var r = 0; r < input.shape[0]; r++)
            {
                var z = input[r].matmul(down[r].t()) + biasDown[r];
                z = 0.5 * z * (1 + tanh(Math.Sqrt(2 / Math.PI) * (z + 0.044715 * z.pow(3))));
                rows.Add(output[r] + z.matmul(up[r]) + biasUp[r]);
            }
            return stack(rows.ToArray());
        }
    }

    [Fact]
    public void Generated_prefixes_equal_the_same_keys_and_values_given_as_a_plain_prefix()
    {
        var (model, hint) = Build(new HintSettings(0, 2, false, true));
        using var _m = model as IDisposable;
        model.Module.eval();
        using var scope = NewDisposeScope();
        using var ng = no_grad();
        var t5 = (IEncoderDecoderLM)model;
        var (c, ids, attention, decoderIds) = Batch();
        var logits = t5.LmHead(t5.DecoderHidden(new DecoderInput(decoderIds, t5.Encode(new EncoderInput(ids, attention, Conditioning: c)), conditioning: c)));

        var g = GenerateByHand(model, hint, c);
        model.Adaptation.Enabled = true;
        using var plain = PretrainedModel.Create(T5Config.Tiny, seed: 3);
        plain.Module.eval();
        plain.Adaptation.AddPrefixProvider(new FixedPrefixes(g, hint.Layout));
        var p5 = (IEncoderDecoderLM)plain;
        var expected = p5.LmHead(p5.DecoderHidden(new DecoderInput(decoderIds, p5.Encode(new EncoderInput(ids, attention)))));
        var diff = logits.sub(expected).abs().max().item<float>();
        Assert.True(diff < 1e-5, $"max diff {diff:E3}");
    }

    sealed class FixedPrefixes(HintParameters g, HintLayout layout) : IPrefixProvider
    {
        public IReadOnlyList<AttentionPrefix>? Prefixes(AttentionSite site, long rows, Conditioning? conditioning) =>
            Enumerable.Range(0, layout.Dims.LayersAt(site))
                .Select(l => new AttentionPrefix(g.PrefixKey![.., layout.PrefixSite(site, l)], g.PrefixValue![.., layout.PrefixSite(site, l)])).ToList();
    }

    [Fact]
    public void Fusion_equals_the_encoded_instruction_concatenated_to_the_encoder_output_with_its_padding_masked()
    {
        var (model, hint) = Build(new HintSettings(0, 0, true, true));
        using var _m = model as IDisposable;
        model.Module.eval();
        using var scope = NewDisposeScope();
        using var ng = no_grad();
        var t5 = (IEncoderDecoderLM)model;
        var (c, ids, attention, decoderIds) = Batch();
        var encoded = t5.Encode(new EncoderInput(ids, attention, Conditioning: c));
        var fused = t5.DecoderHidden(new DecoderInput(decoderIds, encoded, conditioning: c));

        model.Adaptation.Enabled = false;
        var instruction = t5.Encode(new EncoderInput(c.InstructionIds, c.InstructionMask)).Hidden;
        var joint = t5.DecoderHidden(new DecoderInput(decoderIds, cat([instruction, encoded.Hidden], 1), cat([c.InstructionMask!, attention], 1)));
        var diff = fused.sub(joint).abs().max().item<float>();
        Assert.True(diff < 1e-5, $"max diff {diff:E3}");
        var unfused = t5.DecoderHidden(new DecoderInput(decoderIds, encoded));
        Assert.True(fused.sub(unfused).abs().max().item<float>() > 1e-4, "fusion changed nothing");
    }

    [Fact]
    public void Cached_inference_scores_as_recomputing_every_row_and_generates_each_instruction_once()
    {
        var (model, hint) = Build(new HintSettings(4, 2, true, true), seed: 8);
        using var _m = model as IDisposable;
        model.Module.eval();
        var scorer = new SequenceScorer(model);
        IReadOnlyList<int> a = [5, 6, 7, 8, 1], b = [9, 1];
        ScoreRequest Request(int[] input, IReadOnlyList<int> instruction) =>
            new(input, [[3, 4, 1], [5, 1]], new ExampleConditioning(InstructionIds: instruction));
        var requests = new[] { Request([3, 4, 1], a), Request([8, 9, 10, 1], b), Request([11, 1], a), Request([12, 13, 1], b), Request([14, 1], a) };
        using var ng = no_grad();
        hint.Caching = false;
        var recomputed = scorer.ScoreTargets(requests);
        Assert.Equal(0, hint.CachedInstructions);
        hint.Caching = true;
        var cached = scorer.ScoreTargets(requests);
        Assert.Equal(2, hint.CachedInstructions);
        var again = scorer.ScoreTargets(requests);
        Assert.Equal(2, hint.CachedInstructions);
        var worst = 0.0;
        for (var i = 0; i < requests.Length; i++)
            for (var t = 0; t < 2; t++)
            {
                Assert.Equal(cached[i][t], again[i][t]); // the cache is reused bit for bit
                for (var j = 0; j < cached[i][t].Length; j++) worst = Math.Max(worst, Math.Abs(cached[i][t][j] - recomputed[i][t][j]));
            }
        // Not bit-identical by construction: recomputing encodes a padded batch of instructions (widest 5) while the
        // cache encodes each alone; masked positions add exact zeros, but the matmul/softmax reductions run over
        // different lengths and batch sizes, which reorders float32 sums. 1e-5 is ~100 ulps of these log-probs.
        Assert.True(worst < 1e-5, $"cached vs recomputed log-probs differ by {worst:E3}");

        // A call whose rows all carry one instruction broadcasts the cached parameters (no per-row copy): same scores.
        var single = new[] { requests[0], requests[2], requests[4] };
        var broadcast = scorer.ScoreTargets(single);
        hint.Caching = false;
        var singleRecomputed = scorer.ScoreTargets(single);
        hint.Caching = true;
        for (var i = 0; i < single.Length; i++)
            for (var t = 0; t < 2; t++)
                for (var j = 0; j < broadcast[i][t].Length; j++)
                    Assert.True(Math.Abs(broadcast[i][t][j] - singleRecomputed[i][t][j]) < 1e-5, $"broadcast row {i} differs");

        // Different instructions give different scores (the conditioning acts).
        var other = scorer.ScoreTargets([Request([3, 4, 1], b)]);
        Assert.True(Math.Abs(other[0][0].Sum() - cached[0][0].Sum()) > 1e-4, "the instruction changed nothing");
    }

    [Fact]
    public void Gradients_reach_exactly_the_hypernetwork_tensors()
    {
        var (model, hint) = Build(new HintSettings(4, 2, true, true), seed: 9);
        using var _m = model as IDisposable;
        model.Module.train();
        using var scope = NewDisposeScope();
        var (c, ids, attention, decoderIds) = Batch();
        var batch = new ModelBatch(ids, DecoderInputIds: decoderIds, AttentionMask: attention, Conditioning: c);
        var logits = model.Logits(batch);
        logits.log_softmax(-1)[.., .., 7].sum().neg().backward();
        var hypernetwork = hint.Module.parameters().ToHashSet(ReferenceEqualityComparer.Instance);
        foreach (var (name, p) in model.Module.named_parameters())
        {
            if (hypernetwork.Contains(p))
            {
                Assert.True(p.grad is not null && p.grad.abs().max().item<float>() > 0, $"{name} got no gradient");
                Assert.StartsWith("modular.", name);
            }
            else Assert.True(p.grad is null, $"base tensor {name} got a gradient");
        }
        Assert.Equal(hint.Module.parameters().Count(), model.Module.named_parameters().Count(p => p.name.StartsWith("modular.")));
    }
}
