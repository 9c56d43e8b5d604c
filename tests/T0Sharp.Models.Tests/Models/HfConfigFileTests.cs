using System.Text.Json.Nodes;
using T0Sharp.Tests;

namespace T0Sharp.Models.Tests.Models;

/// <summary>
/// config.json and generation_config.json as transformers' save_pretrained writes them, checked against the fixture
/// configs under tests/TestData/models (written by transformers 4.37.0.dev0).
/// </summary>
public class HfConfigFileTests
{
    static string Fixture(string model) => File.ReadAllText(TestPaths.TestData("models", model, "config.json"));

    static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();

    [Fact]
    public void Mt5_config_is_written_byte_for_byte_as_transformers_wrote_it()
    {
        var text = Fixture("tiny-mt0-mt5-gated-gelu-sharded");
        // transformers ends the file with a newline; the fixture was stored without it.
        Assert.Equal(text.TrimEnd('\n') + "\n", ModelConfig.Parse(text).ToJson("float32"));
    }

    [Fact]
    public void T0_config_keeps_every_value_and_writes_todays_key_set()
    {
        var fixture = Obj(Fixture("tiny-t0-t5-v1_1-gated-gelu"));
        var written = Obj(ModelConfig.Parse(fixture.ToJsonString()).ToJson("float32"));
        // The fixture predates transformers 4.x's T5Config: two keys it no longer writes, five it adds.
        var dropped = new[] { "gradient_checkpointing", "output_past" };
        var added = new[] { "classifier_dropout", "dense_act_fn", "is_gated_act", "relative_attention_max_distance", "transformers_version" };
        Assert.Equal(fixture.Select(p => p.Key).Except(dropped).Concat(added).Order(StringComparer.Ordinal),
            written.Select(p => p.Key).Order(StringComparer.Ordinal));
        foreach (var (key, value) in fixture)
            if (!dropped.Contains(key)) Assert.True(JsonNode.DeepEquals(value, written[key]), $"{key}: {value} vs {written[key]}");
        Assert.Equal("gelu_new", (string?)written["dense_act_fn"]);
        Assert.Equal(true, (bool?)written["is_gated_act"]);
    }

    [Fact]
    public void Bloom_config_writes_BloomConfig_keys_with_the_fixture_values()
    {
        var fixture = Obj(Fixture("tiny-bloomz-bloom-bf16"));
        var written = Obj(ModelConfig.Parse(fixture.ToJsonString()).ToJson("bfloat16"));
        var expected = new[]
        {
            "apply_residual_connection_post_layernorm", "architectures", "attention_dropout", "bos_token_id", "eos_token_id",
            "hidden_dropout", "hidden_size", "initializer_range", "layer_norm_epsilon", "model_type", "n_head", "n_layer",
            "pad_token_id", "pretraining_tp", "slow_but_exact", "torch_dtype", "transformers_version", "use_cache", "vocab_size",
        };
        Assert.Equal(expected, written.Select(p => p.Key).ToArray());
        foreach (var key in expected.Where(k => fixture.ContainsKey(k)))
            Assert.True(JsonNode.DeepEquals(fixture[key], written[key]), $"{key}: {fixture[key]} vs {written[key]}");
        Assert.Equal((int)fixture["n_embed"]!, (int)written["hidden_size"]!);
    }

    [Theory]
    [InlineData("tiny-t0-t5-v1_1-gated-gelu")]
    [InlineData("tiny-mt0-mt5-gated-gelu-sharded")]
    [InlineData("tiny-bloomz-bloom-bf16")]
    [InlineData("tiny-t5-v1_0-relu")]
    public void Written_configs_have_only_snake_case_keys_and_read_back_equal(string model)
    {
        var config = ModelConfig.Parse(Fixture(model));
        var json = config.ToJson();
        Assert.All(Obj(json).Select(p => p.Key), k => Assert.Equal(k.ToLowerInvariant(), k));
        Assert.Equal(config, ModelConfig.Parse(json));
    }

    [Fact]
    public void Generation_config_is_from_model_config()
    {
        var t5 = ModelConfig.Parse(Fixture("tiny-t0-t5-v1_1-gated-gelu"));
        Assert.Equal("""
            {
              "_from_model_config": true,
              "decoder_start_token_id": 0,
              "eos_token_id": 1,
              "pad_token_id": 0,
              "transformers_version": "4.37.0.dev0"
            }

            """.Replace("\r", ""), t5.GenerationConfigJson());
        var bloom = Obj(ModelConfig.Parse(Fixture("tiny-bloomz-bloom-bf16")).GenerationConfigJson());
        Assert.Equal(["_from_model_config", "bos_token_id", "eos_token_id", "pad_token_id", "transformers_version"], bloom.Select(p => p.Key).ToArray());
        Assert.Equal((1, 2, 3), ((int)bloom["bos_token_id"]!, (int)bloom["eos_token_id"]!, (int)bloom["pad_token_id"]!));
    }
}
