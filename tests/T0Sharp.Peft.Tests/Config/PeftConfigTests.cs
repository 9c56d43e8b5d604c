using System.Text.Json.Nodes;
using T0Sharp.Core;
using T0Sharp.Peft.Config;
using T0Sharp.Peft.Tests.Support;
using T0Sharp.Tests;

namespace T0Sharp.Peft.Tests.Config;

/// <summary>adapter_config.json both ways: PEFT's exact text, typed fields from YAML-style settings, errors naming the field.</summary>
public class PeftConfigTests
{
    [Theory]
    [MemberData(nameof(AdapterFixture.AllData), MemberType = typeof(AdapterFixture))]
    public void Every_fixture_config_reads_and_writes_back_byte_for_byte(string name)
    {
        var path = TestPaths.TestData("adapters", name, "adapter_config.json");
        var text = File.ReadAllText(path);
        var config = PeftConfig.Parse(text, path);
        Assert.Equal(text, config.ToJson());
        Assert.Empty(config.Notes);
    }

    [Theory]
    [InlineData(0.0, "0.0")]
    [InlineData(0.05, "0.05")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e-05, "1e-05")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(1.5e-07, "1.5e-07")]
    [InlineData(123.5, "123.5")]
    [InlineData(8.0, "8.0")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(1e16, "1e+16")]
    [InlineData(-2.5e-05, "-2.5e-05")]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    public void Floats_are_written_as_python_repr(double value, string python) => Assert.Equal(python, PythonJson.FloatRepr(value));

    [Fact]
    public void Python_json_layout_sorts_keys_indents_and_escapes_non_ascii()
    {
        var node = new JsonObject { ["b"] = new JsonArray(1, "é"), ["a"] = new JsonObject(), ["c"] = new JsonArray(), ["d"] = new JsonObject { ["x"] = 0.5 } };
        Assert.Equal("{\n  \"a\": {},\n  \"b\": [\n    1,\n    \"\\u00e9\"\n  ],\n  \"c\": [],\n  \"d\": {\n    \"x\": 0.5\n  }\n}", PythonJson.Dumps(node));
    }

    [Fact]
    public void A_yaml_section_reads_with_typed_fields_and_lists()
    {
        var settings = new Dictionary<string, object?>
        {
            ["peft_type"] = "LORA", ["r"] = "16", ["lora_alpha"] = "32", ["lora_dropout"] = "0.05", ["use_rslora"] = "true",
            ["target_modules"] = new List<object?> { "q", "v" }, ["layers_to_transform"] = new List<object?> { "0", "2" },
            ["layers_pattern"] = "block", ["rank_pattern"] = new Dictionary<object, object?> { ["q"] = "8" }, ["init_lora_weights"] = "gaussian",
        };
        var c = Assert.IsType<LoraConfig>(PeftSetup.ParseConfig(settings, "train.yaml: peft"));
        Assert.Equal(16, c.R);
        Assert.Equal(32, c.LoraAlpha);
        Assert.Equal(0.05, c.LoraDropout);
        Assert.True(c.UseRslora);
        Assert.Equal(["q", "v"], c.TargetModules!.Names!);
        Assert.Equal([0, 2], c.LayersToTransform!.Indexes);
        Assert.Equal(["block"], c.LayersPattern!.Patterns);
        Assert.Equal(8, c.RankPattern.Single(p => p.Key == "q").Value);
        Assert.Equal("gaussian", c.InitMode);
        var json = c.ToJson();
        Assert.Contains("\"lora_alpha\": 32,", json);
        Assert.Contains("\"lora_dropout\": 0.05,", json);
        Assert.Contains("\"layers_pattern\": \"block\",", json);
        Assert.Equal(json, PeftConfig.Parse(json, "again").ToJson());
    }

    [Fact]
    public void A_string_target_is_a_regex_and_cannot_take_layer_selection_as_in_peft()
    {
        var c = PeftSetup.ParseConfig(new Dictionary<string, object?> { ["peft_type"] = "LORA", ["target_modules"] = ".*decoder.*q" }, "s");
        Assert.True(((LoraConfig)c).TargetModules!.IsRegex);
        var e = Assert.Throws<InvalidDataException>(() => PeftSetup.ParseConfig(
            new Dictionary<string, object?> { ["peft_type"] = "LORA", ["target_modules"] = "q", ["layers_to_transform"] = "1" }, "s"));
        Assert.StartsWith("s: \"layers_to_transform\"", e.Message);
    }

    [Theory]
    [InlineData("{\"peft_type\": \"LORA\", \"r\": 4, \"lora_alph\": 8}", "\"lora_alph\" is not a LORA field")]
    [InlineData("{\"r\": 4}", "\"peft_type\" is missing")]
    [InlineData("{\"peft_type\": \"ADALORA\"}", "\"peft_type\" is \"ADALORA\": T0Sharp supports LORA, IA3, POLY, PROMPT_TUNING, PREFIX_TUNING")]
    [InlineData("{\"peft_type\": \"LORA\", \"r\": \"four\"}", "\"r\" must be an integer, not \"four\"")]
    [InlineData("{\"peft_type\": \"LORA\", \"r\": 0}", "\"r\" is 0: the rank must be positive")]
    [InlineData("{\"peft_type\": \"LORA\", \"use_dora\": true}", "\"use_dora\" is true: DoRA is not supported")]
    [InlineData("{\"peft_type\": \"LORA\", \"bias\": \"all\"}", "\"bias\" is \"all\"")]
    [InlineData("{\"peft_type\": \"LORA\", \"init_lora_weights\": \"pissa\"}", "\"init_lora_weights\" must be true, false or one of")]
    [InlineData("{\"peft_type\": \"LORA\", \"layer_replication\": [[0, 2]]}", "\"layer_replication\" is a list: T0Sharp supports only null")]
    [InlineData("{\"peft_type\": \"IA3\", \"target_modules\": [\"k\"], \"feedforward_modules\": [\"wo\"]}", "must be a subset of target_modules")]
    [InlineData("{\"peft_type\": \"POLY\", \"poly_type\": \"mhr\"}", "\"poly_type\" is \"mhr\"")]
    [InlineData("{\"peft_type\": \"PROMPT_TUNING\"}", "\"num_virtual_tokens\" is null")]
    [InlineData("{\"peft_type\": \"PROMPT_TUNING\", \"num_virtual_tokens\": 4, \"prompt_tuning_init\": \"VOCAB\"}", "\"prompt_tuning_init\" is \"VOCAB\"")]
    [InlineData("{\"peft_type\": \"PREFIX_TUNING\", \"num_virtual_tokens\": 4, \"token_dim\": 10, \"num_attention_heads\": 4}", "\"token_dim\" is 10, not a multiple")]
    [InlineData("[1]", "expected a JSON object")]
    [InlineData("{\"peft_type\": ", "not valid JSON")]
    public void Bad_configs_fail_naming_the_file_and_field(string json, string message)
    {
        var e = Assert.Throws<InvalidDataException>(() => PeftConfig.Parse(json, "dir/adapter_config.json"));
        Assert.StartsWith("dir/adapter_config.json: ", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Later_peft_fields_at_their_off_value_are_accepted_noted_and_not_written_back()
    {
        var json = "{\"peft_type\": \"LORA\", \"r\": 4, \"layer_replication\": null, \"lora_bias\": false, \"exclude_modules\": null, \"peft_version\": \"0.17.0\"}";
        var c = PeftConfig.Parse(json, "a.json");
        Assert.Equal(4, c.Notes.Count);
        Assert.Contains(c.Notes, n => n.Contains("\"lora_bias\""));
        Assert.DoesNotContain("lora_bias", c.ToJson());
        Assert.DoesNotContain("peft_version", c.ToJson());
    }

    [Fact]
    public void The_t_few_preset_is_plain_ia3_fields_and_explicit_fields_win()
    {
        var c = Assert.IsType<Ia3Config>(PeftSetup.ParseConfig(new Dictionary<string, object?> { ["preset"] = "t-few" }, "s"));
        Assert.Equal(["k", "v", "wi_1"], c.TargetModules!.Names!);
        Assert.Empty(c.FeedforwardModules!.Names!);
        var own = Assert.IsType<Ia3Config>(PeftSetup.ParseConfig(new Dictionary<string, object?>
            { ["preset"] = "t-few", ["target_modules"] = new[] { "k", "wi_1" } }, "s"));
        Assert.Equal(["k", "wi_1"], own.TargetModules!.Names!);
        var e = Assert.Throws<InvalidDataException>(() => PeftSetup.ParseConfig(new Dictionary<string, object?> { ["preset"] = "t-few", ["peft_type"] = "LORA" }, "s"));
        Assert.Contains("preset t-few sets peft_type IA3", e.Message);
        Assert.Throws<InvalidDataException>(() => PeftSetup.ParseConfig(new Dictionary<string, object?> { ["preset"] = "nope" }, "s"));
    }

    [Fact]
    public void The_encoder_prefix_field_is_written_only_when_set()
    {
        var plain = PeftSetup.ParseConfig(new Dictionary<string, object?> { ["peft_type"] = "PREFIX_TUNING", ["num_virtual_tokens"] = 3 }, "s");
        Assert.DoesNotContain(PrefixTuningConfig.EncoderPrefixField, plain.ToJson());
        var enc = PeftSetup.ParseConfig(new Dictionary<string, object?>
            { ["peft_type"] = "PREFIX_TUNING", ["num_virtual_tokens"] = 3, [PrefixTuningConfig.EncoderPrefixField] = true }, "s");
        Assert.Contains($"\"{PrefixTuningConfig.EncoderPrefixField}\": true", enc.ToJson());
    }
}
