using T0Sharp.Models;
using T0Sharp.Models.Adaptation;
using T0Sharp.Peft.Config;
using T0Sharp.Peft.Methods.Poly;
using T0Sharp.Tests;
using static TorchSharp.torch;

namespace T0Sharp.Peft.Tests.Methods;

/// <summary>Poly / Poly-S mixing against a hand computation, task ids, the training-time relaxed Bernoulli, Poly-μ.</summary>
public class PolyTests
{
    static (ILanguageModel Model, PeftModel Peft) LmHeadPoly(int splits = 2, int skills = 3)
    {
        var model = PretrainedModel.Create(T5Config.Tiny, seed: 5);
        model.Module.eval();
        var peft = PeftSetup.Apply(model, PeftSetup.ParseConfig(new Dictionary<string, object?>
        {
            ["peft_type"] = "POLY", ["target_modules"] = new[] { "lm_head" }, ["r"] = 2, ["n_tasks"] = 3, ["n_skills"] = skills,
            ["n_splits"] = splits, ["init_weights"] = false,
        }, "poly"), new PeftApplyOptions(Seed: 9));
        using (no_grad()) // router logits far from 0 so that tasks differ
            foreach (var (name, p) in peft.TrainableParameters.Where(p => p.Name.EndsWith("module_logits")))
                p.copy_(randn(p.shape, generator: new TorchSharp.torch.Generator(3)).mul(2));
        return (model, peft);
    }

    static Tensor Batch(ILanguageModel model, Conditioning? conditioning, out Tensor hidden)
    {
        var input = tensor(new long[] { 5, 9, 17, 33, 1 }, [1, 5]);
        var decoder = tensor(new long[] { 0, 12, 30 }, [1, 3]);
        var m = (IEncoderDecoderLM)model;
        var encoded = m.Encode(new EncoderInput(input));
        hidden = m.DecoderHidden(new DecoderInput(decoder, encoded));
        return model.Logits(new ModelBatch(input, decoder, Conditioning: conditioning));
    }

    /// <summary>x A_b B_b / r with w = sigmoid(Z[t]) normalised per split (or 1/n_skills), skills mixed per split, splits concatenated.</summary>
    static Tensor Delta(PeftModel peft, Tensor hidden, int? task, int splits, int skills)
    {
        Tensor P(string suffix) => peft.TrainableParameters.Single(p => p.Name == "lm_head." + suffix).Parameter;
        var (a, b, z) = (P("poly_lora_A"), P("poly_lora_B"), P("poly_router.module_logits"));
        var w = task is { } t ? z[t].sigmoid().view(splits, skills) : full(splits, skills, 1.0 / skills);
        if (task is not null) w = w.div(w.sum(-1, keepdim: true).add(1e-12));
        var aParts = Enumerable.Range(0, splits).Select(q => Enumerable.Range(0, skills).Select(s => a[q, s].mul(w[q, s])).Aggregate((x, y) => x.add(y))).ToArray();
        var bParts = Enumerable.Range(0, splits).Select(q => Enumerable.Range(0, skills).Select(s => b[q, s].mul(w[q, s])).Aggregate((x, y) => x.add(y))).ToArray();
        return hidden.matmul(cat(aParts, 0)).matmul(cat(bParts, 1)).div(2);
    }

    [Theory]
    [InlineData(2, 3)]
    [InlineData(1, 4)]
    public void Each_task_mixes_the_skills_as_a_hand_computation_and_averaging_is_poly_mu(int splits, int skills)
    {
        var (model, peft) = LmHeadPoly(splits, skills);
        using var _m = model;
        using var _p = peft;
        using var scope = NewDisposeScope();
        using var grad = no_grad();
        var perTask = new List<Tensor>();
        for (var t = 0; t < 3; t++)
        {
            var logits = Batch(model, Conditioning.ForTask(t, 1, CPU), out var hidden);
            peft.Enabled = false;
            var baseLogits = model.Logits(new ModelBatch(tensor(new long[] { 5, 9, 17, 33, 1 }, [1, 5]), tensor(new long[] { 0, 12, 30 }, [1, 3])));
            peft.Enabled = true;
            Assert.True(logits.allclose(baseLogits.add(Delta(peft, hidden, t, splits, skills)), 1e-5, 1e-5), $"task {t}");
            perTask.Add(logits);
        }
        Assert.False(perTask[0].allclose(perTask[1]), "tasks route differently");
        peft.AverageSkills = true;
        var averaged = Batch(model, null, out var h2);
        peft.Enabled = false;
        var plain = model.Logits(new ModelBatch(tensor(new long[] { 5, 9, 17, 33, 1 }, [1, 5]), tensor(new long[] { 0, 12, 30 }, [1, 3])));
        peft.Enabled = true;
        Assert.True(averaged.allclose(plain.add(Delta(peft, h2, null, splits, skills)), 1e-5, 1e-5), "Poly-μ averages the skills");
    }

    [Fact]
    public void Missing_or_out_of_range_task_ids_are_clear_errors()
    {
        var (model, peft) = LmHeadPoly();
        using var _m = model;
        using var _p = peft;
        using var scope = NewDisposeScope();
        var none = Assert.Throws<InvalidOperationException>(() => Batch(model, null, out _));
        Assert.Contains("Poly adapter on lm_head: this call carries no task ids", none.Message);
        var outside = Assert.Throws<InvalidOperationException>(() => Batch(model, Conditioning.ForTask(3, 1, CPU), out _));
        Assert.Contains("task id 3 is outside 0..2", outside.Message);
        var unknown = Assert.Throws<InvalidOperationException>(() => Batch(model, Conditioning.ForTask(-1, 1, CPU), out _));
        Assert.Contains("task id -1 is outside 0..2", unknown.Message);
    }

    [Fact]
    public void Training_draws_relaxed_bernoulli_weights_and_the_router_learns()
    {
        var (model, peft) = LmHeadPoly();
        using var _m = model;
        using var _p = peft;
        using var scope = NewDisposeScope();
        model.Module.train();
        manual_seed(1);
        var a = Batch(model, Conditioning.ForTask(1, 1, CPU), out _);
        var b = Batch(model, Conditioning.ForTask(1, 1, CPU), out _);
        Assert.False(a.allclose(b), "two training passes draw different mixing weights");
        a.sum().backward();
        var router = peft.TrainableParameters.Single(p => p.Name.EndsWith("module_logits")).Parameter;
        Assert.True(router.grad!.abs().sum().item<float>() > 0, "the router gets a gradient through the relaxed sample");
        Assert.Equal(0f, router.grad![0].abs().sum().item<float>()); // only the routed task's row
        model.Module.eval();
        using var _g = no_grad();
        Assert.True(Batch(model, Conditioning.ForTask(1, 1, CPU), out _).allclose(Batch(model, Conditioning.ForTask(1, 1, CPU), out _)), "evaluation is deterministic (sigmoid)");
    }

    [Fact]
    public void Poly_mu_saves_the_skill_average_as_a_peft_lora_adapter_computing_the_same()
    {
        var (model, peft) = LmHeadPoly();
        using var _m = model;
        using var _p = peft;
        using var dir = TestPaths.NewTempDir();
        PolyAverage.SaveAsLora(peft, dir.Path);
        var lora = Assert.IsType<LoraConfig>(PeftConfig.Load(dir.Path));
        Assert.Equal((2, 1.0), (lora.R, lora.LoraAlpha));
        using var fresh = PretrainedModel.Create(T5Config.Tiny, seed: 5);
        fresh.Module.eval();
        using var loaded = PeftSetup.LoadAdapter(fresh, dir.Path);
        using var scope = NewDisposeScope();
        using var _g = no_grad();
        peft.AverageSkills = true;
        var averaged = Batch(model, null, out _);
        var asLora = Batch(fresh, null, out _);
        Assert.True(averaged.allclose(asLora, 1e-5, 1e-5));
    }
}
