using T0Sharp.Models;
using T0Sharp.Models.Layers;
using T0Sharp.Peft.Config;
using T0Sharp.Peft.Methods.Bottleneck;
using T0Sharp.Tests;
using TorchSharp;
using static TorchSharp.torch;

namespace T0Sharp.Peft.Tests.Methods;

/// <summary>
/// Compacter / Compacter++ and bottleneck adapters against computations written out in the test (explicit Kronecker
/// products, explicit adapter math in doubles), parameter counts against the formulas, gradients only for adapter
/// tensors, the documented file keys and fields, a short training run, errors that name the field or pattern.
/// (Identity at init, save/load bit for bit, resume and leaks are in the invariant battery's rows.)
/// </summary>
public class CompacterAndBottleneckTests
{
    static ILanguageModel T5(long seed = 5) => Eval(PretrainedModel.Create(T5Config.Tiny, seed: seed));
    static ILanguageModel Bloom(long seed = 5) => Eval(PretrainedModel.Create(BloomConfig.Tiny, seed: seed));
    static ILanguageModel Eval(ILanguageModel m) { m.Module.eval(); return m; }

    static PeftModel Apply(ILanguageModel model, long seed, params (string Key, object? Value)[] settings) =>
        PeftSetup.Apply(model, PeftSetup.ParseConfig(settings.ToDictionary(s => s.Key, s => s.Value), "test"), new PeftApplyOptions(seed));

    static double[,] Matrix(Tensor t)
    {
        var v = t.detach().to(ScalarType.Float64).cpu();
        var (rows, cols) = ((int)v.shape[0], (int)v.shape[1]);
        var data = v.data<double>().ToArray();
        var m = new double[rows, cols];
        for (var i = 0; i < rows; i++) for (var j = 0; j < cols; j++) m[i, j] = data[i * cols + j];
        return m;
    }

    static double[] Vector(Tensor t) => t.detach().to(ScalarType.Float64).cpu().data<double>().ToArray();

    static double[,] MatMul(double[,] a, double[,] b)
    {
        var (n, k, m) = (a.GetLength(0), a.GetLength(1), b.GetLength(1));
        Assert.Equal(k, b.GetLength(0));
        var c = new double[n, m];
        for (var i = 0; i < n; i++) for (var j = 0; j < m; j++) { double s = 0; for (var p = 0; p < k; p++) s += a[i, p] * b[p, j]; c[i, j] = s; }
        return c;
    }

    static double[,] Transpose(double[,] a)
    {
        var t = new double[a.GetLength(1), a.GetLength(0)];
        for (var i = 0; i < a.GetLength(0); i++) for (var j = 0; j < a.GetLength(1); j++) t[j, i] = a[i, j];
        return t;
    }

    static double[,] AddRow(double[,] a, double[] bias, Func<double, double>? f = null)
    {
        var c = new double[a.GetLength(0), a.GetLength(1)];
        for (var i = 0; i < a.GetLength(0); i++) for (var j = 0; j < a.GetLength(1); j++) { var v = a[i, j] + bias[j]; c[i, j] = f is null ? v : f(v); }
        return c;
    }

    static double[,] Add(double[,] a, double[,] b)
    {
        var c = new double[a.GetLength(0), a.GetLength(1)];
        for (var i = 0; i < a.GetLength(0); i++) for (var j = 0; j < a.GetLength(1); j++) c[i, j] = a[i, j] + b[i, j];
        return c;
    }

    /// <summary>The Kronecker product A ⊗ B by its definition: block (a, c) is A[a, c] · B.</summary>
    static double[,] Kron(double[,] a, double[,] b)
    {
        var (p, q, k, l) = (a.GetLength(0), a.GetLength(1), b.GetLength(0), b.GetLength(1));
        var c = new double[p * k, q * l];
        for (var i = 0; i < p; i++) for (var j = 0; j < q; j++) for (var s = 0; s < k; s++) for (var t = 0; t < l; t++) c[i * k + s, j * l + t] = a[i, j] * b[s, t];
        return c;
    }

    static double Act(string name, double v) => name switch
    {
        "relu" => Math.Max(0, v),
        "gelu_new" => 0.5 * v * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v))),
        _ => throw new ArgumentException(name),
    };

    static void AssertClose(double[,] expected, Tensor actual, string what, double tol = 1e-5)
    {
        var a = Matrix(actual);
        double worst = 0, scale = 0;
        for (var i = 0; i < expected.GetLength(0); i++)
            for (var j = 0; j < expected.GetLength(1); j++)
            {
                worst = Math.Max(worst, Math.Abs(a[i, j] - expected[i, j]));
                scale = Math.Max(scale, Math.Abs(expected[i, j]));
            }
        Assert.True(worst <= tol * Math.Max(1, scale), $"{what}: max |diff| {worst:E3} (largest value {scale:E3})");
    }

    [Theory]
    [InlineData("relu", "false")]
    [InlineData("gelu_new", "houlsby")]
    public void A_bottleneck_layer_adds_up_f_down_y_to_the_host_output(string activation, string init)
    {
        using var scope = NewDisposeScope();
        var host = new AdaptableLinear(5, 8, hasBias: true);
        using var g = new torch.Generator(4);
        host.Adapters.Add(new BottleneckLayer(8, 3, activation, init, new InitContext(true, g)));
        var p = host.named_parameters().ToDictionary(x => x.name, x => (Tensor)x.parameter);
        Assert.Equal(["weight", "bias", "adapter_down.weight", "adapter_down.bias", "adapter_up.weight", "adapter_up.bias"], p.Keys);
        var x = randn([4, 5], generator: g);
        Tensor y;
        using (no_grad()) y = host.call(x);

        var baseOut = AddRow(MatMul(Matrix(x), Transpose(Matrix(p["weight"]))), Vector(p["bias"]));
        var z = AddRow(MatMul(baseOut, Transpose(Matrix(p["adapter_down.weight"]))), Vector(p["adapter_down.bias"]), v => Act(activation, v));
        var expected = Add(baseOut, AddRow(MatMul(z, Transpose(Matrix(p["adapter_up.weight"]))), Vector(p["adapter_up.bias"])));
        AssertClose(expected, y, $"bottleneck {activation} {init}");
        Assert.False(y.allclose(host.Weight.matmul(x.T).T.add(host.Bias!), 1e-4, 1e-4), "the adapter changes the output");
    }

    [Theory]
    [InlineData(true, true, 1)]
    [InlineData(true, true, 2)]
    [InlineData(false, false, 1)]
    [InlineData(true, false, 1)]
    [InlineData(false, true, 2)]
    public void A_compacter_layer_is_the_sum_of_kronecker_products_of_its_rules_and_fast_weights(bool shared, bool factorized, int rank)
    {
        using var model = T5();
        using var peft = Apply(model, 7, ("peft_type", "COMPACTER"), ("placement", "pfeiffer"), ("reduction_factor", 4), ("phm_dim", 4),
            ("phm_rank", rank), ("shared_phm_rule", shared), ("factorized_phm", factorized), ("phm_c_init", "uniform"));
        using var scope = NewDisposeScope();
        var (hostName, host) = model.Module.named_modules().Where(m => m.name.EndsWith("DenseReluDense.wo")).Select(m => (m.name, (AdaptableLinear)m.module)).Last();
        var p = model.Module.named_parameters().ToDictionary(x => x.name, x => (Tensor)x.parameter);
        int n = 4;
        double[,] H(string which, long inF, long outF)
        {
            var rule = p[shared ? "compacter.phm_rule" : $"{hostName}.{which}.phm_rule"];
            var sum = new double[inF, outF];
            for (var i = 0; i < n; i++)
            {
                var w = factorized
                    ? MatMul(Matrix(p[$"{hostName}.{which}.W_left"][i]), Matrix(p[$"{hostName}.{which}.W_right"][i]))
                    : Matrix(p[$"{hostName}.{which}.W"][i]);
                sum = Add(sum, Kron(Matrix(rule[i]), w));
            }
            return sum;
        }
        var x = randn([3, host.InFeatures], generator: new torch.Generator(2));
        Tensor y;
        using (no_grad()) y = host.call(x);
        var baseOut = MatMul(Matrix(x), Transpose(Matrix(host.Weight)));
        var z = AddRow(MatMul(baseOut, H("phm_down", 16, 4)), Vector(p[$"{hostName}.phm_down.b"]), v => Act("gelu_new", v));
        var expected = Add(baseOut, AddRow(MatMul(z, H("phm_up", 4, 16)), Vector(p[$"{hostName}.phm_up.b"])));
        AssertClose(expected, y, $"compacter shared {shared} factorized {factorized} rank {rank}");
        var rules = peft.TrainableParameters.Count(t => t.Name.EndsWith("phm_rule"));
        Assert.Equal(shared ? 1 : 2 * 4, rules); // Compacter++ on T5 tiny: 4 feed-forward outputs, a down and an up PHM layer each
    }

    [Fact]
    public void Every_phm_layer_reads_the_one_shared_rule()
    {
        using var model = T5();
        using var scope = NewDisposeScope();
        var batch = new ModelBatch(tensor(new long[] { 5, 9, 17, 33, 1 }, [1, 5]), tensor(new long[] { 0, 12, 30 }, [1, 3]));
        Tensor baseLogits;
        using (no_grad()) baseLogits = model.Logits(batch);
        using var peft = Apply(model, 7, ("preset", "compacter"), ("reduction_factor", 4), ("phm_c_init", "uniform"));
        Assert.Equal(8, peft.Adapter.Targets.Count); // Compacter on T5 tiny: SelfAttention.o and wo of 2 encoder + 2 decoder blocks
        Assert.All(peft.Adapter.Targets, t => Assert.Matches(@"\.(SelfAttention\.o|DenseReluDense\.wo)$", t));
        using var _ = no_grad();
        Assert.False(baseLogits.allclose(model.Logits(batch), 1e-5, 1e-5), "the adapter changes the output");
        // biases start at zero, so with the one rule zeroed every PHM matrix is zero and every adapter adds exactly 0
        peft.TrainableParameters.Single(t => t.Name == "compacter.phm_rule").Parameter.zero_();
        Assert.True(baseLogits.eq(model.Logits(batch)).all().item<bool>(), "a zero shared rule silences every layer");
    }

    public static TheoryData<string, string, (string, object?)[], long> Counts => new()
    {
        // T5 tiny: d_model 16, 2 encoder + 2 decoder blocks; Houlsby placement: 8 hosts, Pfeiffer: 4. BLOOM tiny: hidden 24, 2 blocks.
        // Compacter (factorized, shared): per host 2r(d + m) + m + d, plus n³ once.
        { "compacter", "t5", [("preset", "compacter"), ("reduction_factor", 4)], 8 * (2 * 1 * (16 + 4) + 4 + 16) + 4 * 4 * 4 },
        { "compacter++", "t5", [("preset", "compacter++"), ("reduction_factor", 4)], 4 * (2 * 1 * (16 + 4) + 4 + 16) + 4 * 4 * 4 },
        { "compacter++ rank 2", "bloom", [("preset", "compacter++"), ("reduction_factor", 6), ("phm_dim", 2), ("phm_rank", 2)], 2 * (2 * 2 * (24 + 4) + 4 + 24) + 2 * 2 * 2 },
        // PHM-adapter (full fast weights, a rule per PHM layer): per host 2·d·m/n + m + d + 2n³.
        { "phm", "t5", [("peft_type", "COMPACTER"), ("reduction_factor", 4), ("factorized_phm", false), ("shared_phm_rule", false)], 8 * (2 * 16 * 4 / 4 + 4 + 16 + 2 * 64) },
        // Bottleneck: per host 2·d·m + m + d, m = d / reduction_factor (floor).
        { "houlsby", "t5", [("preset", "houlsby"), ("reduction_factor", 4)], 8 * (2 * 16 * 4 + 4 + 16) },
        { "pfeiffer", "t5", [("preset", "pfeiffer"), ("reduction_factor", 5)], 4 * (2 * 16 * 3 + 3 + 16) },
        { "houlsby", "bloom", [("peft_type", "BOTTLENECK"), ("reduction_factor", 6)], 4 * (2 * 24 * 4 + 4 + 24) },
    };

    [Theory]
    [MemberData(nameof(Counts))]
    public void Trainable_parameters_follow_the_formula(string name, string family, (string, object?)[] settings, long expected)
    {
        using var model = family == "t5" ? T5() : Bloom();
        using var peft = Apply(model, 1, settings);
        Assert.True(expected == peft.TrainableParameterCount, $"{name} on {family}: {peft.TrainableParameterCount} trainable, formula {expected}");
        Assert.Equal(expected, peft.Tensors.Sum(t => t.Shape.Aggregate(1L, (a, b) => a * b)));
    }

    [Theory]
    [InlineData("compacter")]
    [InlineData("houlsby")]
    public void Only_adapter_tensors_get_gradients(string preset)
    {
        using var model = Bloom();
        using var peft = Apply(model, 2, preset == "compacter"
            ? [("preset", preset), ("reduction_factor", 6), ("phm_dim", 2), ("phm_c_init", "uniform")]
            : [("preset", preset), ("reduction_factor", 6), ("init_weights", false), ("non_linearity", "gelu_new")]); // no dead ReLU units
        using var scope = NewDisposeScope();
        model.Module.train();
        var logits = model.Logits(new ModelBatch(tensor(new long[] { 5, 9, 17, 33, 1, 7 }, [2, 3])));
        logits.pow(2).mean().backward();
        var adapter = peft.TrainableParameters.Select(t => t.Name).ToHashSet();
        foreach (var (name, param) in model.Module.named_parameters())
        {
            if (adapter.Contains(name)) Assert.True(param.grad is not null && param.grad.abs().max().item<float>() > 0, $"{name} gets a gradient");
            else Assert.True(param.grad is null, $"frozen {name} gets no gradient");
        }
    }

    [Theory]
    [InlineData("t5", "compacter")]
    [InlineData("t5", "compacter++")]
    [InlineData("t5", "houlsby")]
    [InlineData("t5", "pfeiffer")]
    [InlineData("bloom", "houlsby")]
    [InlineData("bloom", "pfeiffer")]
    [InlineData("bloom", "compacter")]
    public void A_short_training_run_lowers_the_loss(string family, string preset)
    {
        using var model = family == "t5" ? T5() : Bloom();
        using var peft = Apply(model, 3, preset.StartsWith("compacter")
            ? [("preset", preset), ("reduction_factor", family == "t5" ? 4 : 3), ("phm_dim", 2)]
            : [("preset", preset), ("reduction_factor", family == "t5" ? 4 : 3)]);
        using var optimizer = optim.AdamW(peft.TrainableParameters.Select(p => p.Parameter), family == "t5" ? 1e-2 : 5e-2);
        model.Module.train();
        var losses = new List<double>();
        var input = tensor(new long[] { 5, 9, 17, 33, 1, 7, 21, 3, 44, 1 }, [2, 5]);
        for (var step = 0; step < 60; step++)
        {
            using var scope = NewDisposeScope();
            Tensor logits, targets;
            if (family == "t5")
            {
                logits = model.Logits(new ModelBatch(input, tensor(new long[] { 0, 12, 30, 8, 0, 40, 2, 19 }, [2, 4])));
                targets = tensor(new long[] { 12, 30, 8, 1, 40, 2, 19, 1 }, [2, 4]);
            }
            else
            {
                logits = model.Logits(new ModelBatch(input));
                targets = tensor(new long[] { 9, 17, 33, 1, 2, 21, 3, 44, 1, 2 }, [2, 5]);
            }
            var loss = nn.functional.cross_entropy(logits.reshape(-1, logits.shape[^1]), targets.reshape(-1));
            losses.Add(loss.item<float>());
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }
        var (first, last) = (losses.Take(5).Average(), losses.Skip(55).Average());
        // The random tiny BLOOM ties its head to 0.02-scale embeddings after a final layer norm: its logits, and so how
        // far any adapter can move the loss from ln(96) ≈ 4.56, are bounded; T5 tiny's untied head is not.
        if (family == "t5") Assert.True(last < 0.8 * first, $"{preset} on {family}: loss {first:F3} -> {last:F3}");
        else Assert.True(last < first - 0.05, $"{preset} on {family}: loss {first:F3} -> {last:F3}");
    }

    [Fact]
    public void Saved_adapters_use_the_documented_type_fields_and_keys()
    {
        using var dir = TestPaths.NewTempDir();
        using (var model = T5())
        using (var peft = Apply(model, 1, ("preset", "compacter"), ("reduction_factor", 4)))
            peft.Save(dir.Path);
        var config = File.ReadAllText(dir.File("adapter_config.json"));
        foreach (var field in new[] { "\"peft_type\": \"COMPACTER\"", "\"placement\": \"houlsby\"", "\"phm_dim\": 4", "\"phm_rank\": 1", "\"reduction_factor\": 4",
            "\"shared_phm_rule\": true", "\"factorized_phm\": true", "\"non_linearity\": \"gelu_new\"", "\"phm_c_init\": \"normal\"", "\"phm_init_range\": 0.0001",
            "\"task_type\": \"SEQ_2_SEQ_LM\"", "\"target_modules\": [\n    \"SelfAttention.o\",\n    \"wo\"\n  ]" })
            Assert.Contains(field, config);
        using (var file = T0Sharp.Models.Checkpoints.CheckpointReader.Open(dir.File("adapter_model.safetensors")))
        {
            var keys = file.Names.ToHashSet();
            Assert.Contains("base_model.model.compacter.phm_rule", keys);
            foreach (var t in new[] { "phm_down.W_left", "phm_down.W_right", "phm_down.b", "phm_up.W_left", "phm_up.W_right", "phm_up.b" })
            {
                Assert.Contains("base_model.model.encoder.block.0.layer.0.SelfAttention.o." + t, keys);
                Assert.Contains("base_model.model.decoder.block.1.layer.2.DenseReluDense.wo." + t, keys);
            }
            Assert.Equal(1 + 8 * 6, keys.Count);
        }

        using var bottleneck = TestPaths.NewTempDir();
        using (var model = Bloom())
        using (var peft = Apply(model, 1, ("preset", "pfeiffer"), ("reduction_factor", 6)))
            peft.Save(bottleneck.Path);
        var bconfig = File.ReadAllText(bottleneck.File("adapter_config.json"));
        foreach (var field in new[] { "\"peft_type\": \"BOTTLENECK\"", "\"placement\": \"pfeiffer\"", "\"init_weights\": true", "\"non_linearity\": \"relu\"",
            "\"task_type\": \"CAUSAL_LM\"", "\"target_modules\": [\n    \"mlp.dense_4h_to_h\"\n  ]" })
            Assert.Contains(field, bconfig);
        using var bfile = T0Sharp.Models.Checkpoints.CheckpointReader.Open(bottleneck.File("adapter_model.safetensors"));
        Assert.Equal(
            [.. new[] { 0, 1 }.SelectMany(l => new[] { "adapter_down.bias", "adapter_down.weight", "adapter_up.bias", "adapter_up.weight" }
                .Select(t => $"base_model.model.transformer.h.{l}.mlp.dense_4h_to_h.{t}"))],
            bfile.Names.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("t5", "COMPACTER", "target_modules", "[\"SelfAttention.oo\"]", "\"target_modules\" entry \"SelfAttention.oo\" matches no module")]
    [InlineData("bloom", "BOTTLENECK", "target_modules", "\"transformer\\\\.h\\\\.\\\\d+\\\\.mlp\\\\.dense\"", "regular expression \"transformer\\.h\\.\\d+\\.mlp\\.dense\" matches no module")]
    [InlineData("t5", "BOTTLENECK", "target_modules", "[\"layer_norm\"]", "\"target_modules\" entry \"layer_norm\" matches encoder.block.0.layer.0.layer_norm, which is not a linear layer")]
    [InlineData("t5", "BOTTLENECK", "reduction_factor", "32", "\"reduction_factor\" 32 exceeds encoder.block.0.layer.0.SelfAttention.o's 16 output features")]
    [InlineData("t5", "COMPACTER", "phm_dim", "3", "\"phm_dim\" 3 must divide encoder.block.0.layer.0.SelfAttention.o's 16 output features")]
    [InlineData("t5", "COMPACTER", "placement", "\"after\"", "\"placement\" is \"after\"")]
    [InlineData("bloom", "BOTTLENECK", "non_linearity", "\"sigmoid\"", "\"non_linearity\" is \"sigmoid\"")]
    [InlineData("bloom", "BOTTLENECK", "init_weights", "\"bert\"", "\"init_weights\" must be true, false or one of \"houlsby\"")]
    [InlineData("t5", "COMPACTER", "learn_phm", "false", "\"learn_phm\" is not a COMPACTER field")]
    public void Bad_configs_are_errors_naming_the_field_or_pattern(string family, string type, string field, string json, string message)
    {
        using var dir = TestPaths.NewTempDir();
        var extra = field == "reduction_factor" ? "" : ", \"reduction_factor\": 4";
        File.WriteAllText(dir.File("adapter_config.json"), $"{{\"peft_type\": \"{type}\"{extra}, \"{field}\": {json}}}");
        using var model = family == "t5" ? T5() : Bloom();
        var before = model.Module.named_parameters().Count();
        var e = Assert.Throws<InvalidDataException>(() =>
            PeftSetup.Apply(model, PeftConfig.Load(dir.Path), new PeftApplyOptions(1)));
        Assert.Contains(message, e.Message);
        Assert.Equal(before, model.Module.named_parameters().Count()); // the model is unchanged
    }
}
