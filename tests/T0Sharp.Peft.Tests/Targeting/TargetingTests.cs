using T0Sharp.Models;
using T0Sharp.Peft.Config;
using T0Sharp.Peft.Methods.Ia3;
using T0Sharp.Peft.Methods.Lora;
using T0Sharp.Peft.Targeting;

namespace T0Sharp.Peft.Tests.Targeting;

/// <summary>PEFT's target matching (exact, ".name" suffix, full-match regex, layers_to_transform/layers_pattern, rank/alpha patterns) and defaults.</summary>
public class TargetingTests
{
    static ILanguageModel Tiny(string family = "t5") => PretrainedModel.Create(family switch
    {
        "t5-relu" => T5Config.Tiny with { FeedForwardProj = "relu", DenseActFn = "relu", IsGatedAct = false },
        "mt5" => T5Config.Tiny with { ModelType = "mt5" },
        "bloom" => BloomConfig.Tiny,
        _ => T5Config.Tiny,
    }, seed: 1);

    static List<string> Resolve(ILanguageModel model, TargetSpec spec, LayerSelection? layers = null, LayersPattern? pattern = null) =>
        TargetResolver.Resolve(model, spec, "cfg", "LoRA", layers, pattern).Select(t => t.Name).ToList();

    [Fact]
    public void Names_match_exactly_or_as_dotted_suffixes_and_a_string_is_a_full_match_regex()
    {
        using var model = Tiny();
        Assert.Equal(["encoder.block.0.layer.0.SelfAttention.q"], Resolve(model, TargetSpec.FromNames(["encoder.block.0.layer.0.SelfAttention.q"])));
        Assert.Equal(6, Resolve(model, TargetSpec.FromNames(["q"])).Count); // 2 encoder + 2 decoder self + 2 cross
        Assert.Equal(4, Resolve(model, TargetSpec.FromNames(["SelfAttention.q"])).Count); // the dot boundary excludes EncDecAttention.q
        Assert.Equal(8, Resolve(model, TargetSpec.FromRegex(@".*decoder.*(SelfAttention|EncDecAttention)\.(q|v)")).Count);
        var e = Assert.Throws<InvalidDataException>(() => Resolve(model, TargetSpec.FromRegex("q")));
        Assert.Contains("regular expression \"q\" matches no module", e.Message);
    }

    [Fact]
    public void Layers_to_transform_reads_the_last_index_in_the_name_unless_a_layers_pattern_says_which()
    {
        using var model = Tiny();
        // As in PEFT: without layers_pattern the index is the last ".name.N." of the name, for T5 the sub-layer in layer.N.
        Assert.Equal(["decoder.block.0.layer.1.EncDecAttention.q", "decoder.block.1.layer.1.EncDecAttention.q"],
            Resolve(model, TargetSpec.FromNames(["q"]), new LayerSelection([1], true)));
        Assert.Equal(["encoder.block.1.layer.0.SelfAttention.q", "decoder.block.1.layer.0.SelfAttention.q", "decoder.block.1.layer.1.EncDecAttention.q"],
            Resolve(model, TargetSpec.FromNames(["q"]), new LayerSelection([1], true), new LayersPattern(["block"], true)));
        using var bloom = Tiny("bloom");
        Assert.Equal(["transformer.h.1.self_attention.query_key_value"],
            Resolve(bloom, TargetSpec.FromNames(["query_key_value"]), new LayerSelection([1], false)));
    }

    [Fact]
    public void A_target_entry_that_matches_no_module_is_an_error_naming_it()
    {
        using var model = Tiny();
        var e = Assert.Throws<InvalidDataException>(() => Resolve(model, TargetSpec.FromNames(["q", "wi"])));
        Assert.Equal("cfg: \"target_modules\" entry \"wi\" matches no module of this t5 model; the linear layers are lm_head, q, k, v, o, wi_0, wi_1, wo", e.Message);
        var layers = Assert.Throws<InvalidDataException>(() => Resolve(model, TargetSpec.FromNames(["q"]), new LayerSelection([5], true), new LayersPattern(["block"], true)));
        Assert.Contains("in layers [5]", layers.Message);
        var notLinear = Assert.Throws<InvalidDataException>(() => Resolve(model, TargetSpec.FromNames(["DenseReluDense"])));
        Assert.Contains("matches encoder.block.0.layer.1.DenseReluDense, which is not a linear layer", notLinear.Message);
    }

    [Fact]
    public void The_t_few_preset_on_t5_v1_0_fails_naming_wi_1_where_t_few_adapted_nothing()
    {
        using var model = Tiny("t5-relu");
        var config = PeftSetup.ParseConfig(new Dictionary<string, object?> { ["preset"] = "t-few" }, "train.yaml: peft");
        var e = Assert.Throws<InvalidDataException>(() => PeftSetup.Apply(model, config));
        Assert.StartsWith("train.yaml: peft: \"target_modules\" entry \"wi_1\" matches no module", e.Message);
        Assert.Empty(Models.Adaptation.AdaptationPoints.AdapterParameters(model)); // nothing was changed
    }

    [Fact]
    public void Modules_to_save_that_match_nothing_are_an_error()
    {
        using var model = Tiny();
        var config = PeftSetup.ParseConfig(new Dictionary<string, object?> { ["peft_type"] = "LORA", ["modules_to_save"] = new[] { "classifier" } }, "s");
        var e = Assert.Throws<InvalidDataException>(() => PeftSetup.Apply(model, config));
        Assert.Contains("\"modules_to_save\" entry \"classifier\" matches no module", e.Message);
    }

    [Theory]
    [InlineData("t5", "LORA", "q,v", "")]
    [InlineData("mt5", "LORA", "q,v", "")]
    [InlineData("bloom", "LORA", "query_key_value", "")]
    [InlineData("t5", "IA3", "k,v,wo", "wo")]
    [InlineData("mt5", "IA3", "k,v,wi_1", "")]
    [InlineData("bloom", "IA3", "query_key_value,dense_4h_to_h", "dense_4h_to_h")]
    public void Unset_targets_take_peft_defaults_per_architecture(string family, string type, string targets, string feedForward)
    {
        using var model = Tiny(family);
        using var peft = PeftSetup.Apply(model, PeftSetup.ParseConfig(new Dictionary<string, object?> { ["peft_type"] = type }, "s"));
        var set = Assert.IsType<LayerAdapterSet>(peft.Adapter);
        Assert.Equal(targets.Split(',').Order(), set.Layers.Select(l => l.Target.Name[(l.Target.Name.LastIndexOf('.') + 1)..]).Distinct().Order());
        var ff = set.Layers.Where(l => l.Layer is Ia3Layer { FeedForward: true }).Select(l => l.Target.Name[(l.Target.Name.LastIndexOf('.') + 1)..]).Distinct();
        Assert.Equal(feedForward.Length == 0 ? [] : feedForward.Split(','), ff);
        Assert.Equal(model.IsEncoderDecoder ? "SEQ_2_SEQ_LM" : "CAUSAL_LM", peft.Config.TaskType);
    }

    [Fact]
    public void Rank_and_alpha_patterns_pick_per_module_values_as_peft()
    {
        using var model = Tiny();
        using var peft = PeftSetup.Apply(model, PeftSetup.ParseConfig(new Dictionary<string, object?>
        {
            ["peft_type"] = "LORA", ["r"] = 4, ["lora_alpha"] = 8, ["target_modules"] = new[] { "q", "v" },
            ["rank_pattern"] = new Dictionary<string, object?> { ["decoder.block.1.layer.0.SelfAttention.q"] = 2 },
            ["alpha_pattern"] = new Dictionary<string, object?> { ["v"] = 32 },
        }, "s"));
        var layers = ((LayerAdapterSet)peft.Adapter).Layers.ToDictionary(l => l.Target.Name, l => (LoraLayer)l.Layer);
        Assert.Equal((2, 8.0 / 2), (layers["decoder.block.1.layer.0.SelfAttention.q"].Rank, layers["decoder.block.1.layer.0.SelfAttention.q"].Scale));
        Assert.Equal((4, 8.0 / 4), (layers["decoder.block.0.layer.0.SelfAttention.q"].Rank, layers["decoder.block.0.layer.0.SelfAttention.q"].Scale));
        Assert.Equal((4, 32.0 / 4), (layers["encoder.block.0.layer.0.SelfAttention.v"].Rank, layers["encoder.block.0.layer.0.SelfAttention.v"].Scale));
        var a = peft.TrainableParameters.First(p => p.Name == "decoder.block.1.layer.0.SelfAttention.q.lora_A.weight").Parameter;
        Assert.Equal([2L, 16], a.shape);
    }

    [Fact]
    public void Rs_lora_scales_by_alpha_over_root_r()
    {
        using var model = Tiny();
        using var peft = PeftSetup.Apply(model, PeftSetup.ParseConfig(new Dictionary<string, object?>
            { ["peft_type"] = "LORA", ["r"] = 4, ["lora_alpha"] = 8, ["use_rslora"] = true }, "s"));
        Assert.All(((LayerAdapterSet)peft.Adapter).Layers, l => Assert.Equal(4.0, ((LoraLayer)l.Layer).Scale));
    }
}
