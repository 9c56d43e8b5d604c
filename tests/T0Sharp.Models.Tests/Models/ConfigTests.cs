using T0Sharp.Models.Tests.Checkpoints;

namespace T0Sharp.Models.Tests.Models;

public class ConfigTests
{
    // The original t5-small config.json: old architecture name, no feed_forward_proj / num_decoder_layers / tie_word_embeddings.
    const string T5SmallConfig = """
    {"architectures": ["T5WithLMHeadModel"], "d_ff": 2048, "d_kv": 64, "d_model": 512, "decoder_start_token_id": 0,
     "dropout_rate": 0.1, "eos_token_id": 1, "initializer_factor": 1.0, "is_encoder_decoder": true, "layer_norm_epsilon": 1e-06,
     "model_type": "t5", "n_positions": 512, "num_heads": 8, "num_layers": 6, "output_past": true, "pad_token_id": 0,
     "relative_attention_num_buckets": 32, "vocab_size": 32128,
     "task_specific_params": {"summarization": {"prefix": "summarize: "}}}
    """;

    [Fact]
    public void Sparse_t5_small_config_takes_the_family_from_model_type_and_hugging_face_defaults()
    {
        var c = Assert.IsType<T5Config>(ModelConfig.Parse(T5SmallConfig));
        Assert.Equal(6, c.DecoderLayers);
        Assert.Equal("relu", c.Activation);
        Assert.False(c.Gated);
        Assert.True(c.TieWordEmbeddings);
        Assert.Equal(128, c.RelativeAttentionMaxDistance);
        Assert.Equal(512, c.InnerDim);
        Assert.Equal("T5ForConditionalGeneration", c.ArchitectureName);
    }

    [Fact]
    public void Fixture_configs_parse_with_their_features()
    {
        var t0 = Assert.IsType<T5Config>(ModelConfig.Load(Fixtures.Dir(Fixtures.T0GatedGelu)));
        Assert.Equal(("gelu_new", true, false, 64, 32), (t0.Activation, t0.Gated, t0.TieWordEmbeddings, t0.InnerDim, t0.DModel));
        var mt0 = Assert.IsType<T5Config>(ModelConfig.Load(Fixtures.Dir(Fixtures.Mt0Sharded)));
        Assert.Equal(("mt5", 2, 3, "MT5ForConditionalGeneration"), (mt0.ModelType, mt0.NumLayers, mt0.DecoderLayers, mt0.ArchitectureName));
        var relu = Assert.IsType<T5Config>(ModelConfig.Load(Fixtures.Dir(Fixtures.T5Relu)));
        Assert.Equal((3, 2, true, "relu"), (relu.NumLayers, relu.DecoderLayers, relu.TieWordEmbeddings, relu.Activation));
        var bloom = Assert.IsType<BloomConfig>(ModelConfig.Load(Fixtures.Dir(Fixtures.BloomBf16)));
        Assert.Equal((48, 6, 2, 8, 3), (bloom.HiddenSize, bloom.NHead, bloom.NLayer, bloom.HeadDim, bloom.PadTokenId ?? -1));
    }

    [Fact]
    public void Bloom_accepts_every_legacy_key_spelling()
    {
        var c = (BloomConfig)ModelConfig.Parse("""{"model_type":"bloom","n_embed":32,"num_hidden_layers":3,"num_attention_heads":4,"vocab_size":100,"offset_alibi":100}""");
        Assert.Equal((32, 3, 4), (c.HiddenSize, c.NLayer, c.NHead));
        var modern = (BloomConfig)ModelConfig.Parse("""{"model_type":"bloom","hidden_size":32,"n_layer":3,"n_head":4,"vocab_size":100}""");
        Assert.Equal(c, modern);
    }

    [Fact]
    public void Configs_round_trip_through_the_json_they_write()
    {
        foreach (var fixture in Fixtures.All)
        {
            var c = ModelConfig.Load(Fixtures.Dir(fixture));
            Assert.Equal(c, ModelConfig.Parse(c.ToJson()));
            Assert.Contains($"\"architectures\": [\n    \"{c.ArchitectureName}\"", c.ToJson().Replace("\r", ""));
        }
    }

    [Theory]
    [InlineData("""{"model_type":"gpt2"}""", "model_type \"gpt2\" is not supported")]
    [InlineData("""{"d_model": 8}""", "missing \"model_type\"")]
    [InlineData("""{"model_type":"t5","feed_forward_proj":"gated-gelu-x"}""", "feed_forward_proj")]
    [InlineData("""{"model_type":"t5","feed_forward_proj":"gated-mish"}""", "dense_act_fn")]
    [InlineData("""{"model_type":"t5","d_model":"wide"}""", "d_model")]
    [InlineData("""{"model_type":"t5","num_heads":0}""", "num_heads")]
    [InlineData("""{"model_type":"bloom","n_embed":50,"n_head":6}""", "hidden_size")]
    [InlineData("""{"model_type":"t5","pad_token_id":99999999}""", "pad_token_id")]
    [InlineData("""[1,2]""", "expected a JSON object")]
    public void Bad_configs_fail_naming_the_file_and_field(string json, string expected)
    {
        var e = Assert.Throws<InvalidDataException>(() => ModelConfig.Parse(json, "my/config.json"));
        Assert.StartsWith("my/config.json", e.Message);
        Assert.Contains(expected, e.Message);
    }
}
