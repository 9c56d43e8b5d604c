using System.Text.Json.Nodes;
using T0Sharp.Data.Tokenization;

namespace T0Sharp.Data.Tests.Tokenization;

public class TokenizerFilesTests
{
    static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();

    [Fact]
    public void Generated_t5_tokenizer_config_matches_the_one_transformers_wrote_for_t5_small()
    {
        var tokenizer = TokenizerLoader.Load(TokenizerFixtures.Path("t5", "spiece.model"));
        var (config, map) = TokenizerFiles.Generate(tokenizer, sentencePiece: true);
        var fixture = Obj(File.ReadAllText(TokenizerFixtures.Path("t5", "tokenizer_config.json")));
        var written = Obj(config);
        Assert.Equal(fixture.Select(p => p.Key).Order(StringComparer.Ordinal), written.Select(p => p.Key).Order(StringComparer.Ordinal));
        foreach (var (key, value) in fixture) Assert.True(JsonNode.DeepEquals(value, written[key]), $"{key}: {value} vs {written[key]}");
        Assert.Equal(["additional_special_tokens", "eos_token", "pad_token", "unk_token"], Obj(map).Select(p => p.Key).ToArray());
    }

    [Fact]
    public void Saved_folder_loads_back_to_the_same_tokenizer()
    {
        var dir = Directory.CreateTempSubdirectory("t0sharp-tokfiles-").FullName;
        try
        {
            var source = TokenizerFixtures.Path("t5", "spiece.model");
            var tokenizer = TokenizerLoader.Load(source);
            var files = TokenizerFiles.Save(tokenizer, source, dir).Select(Path.GetFileName).Order().ToArray();
            Assert.Equal(["special_tokens_map.json", "spiece.model", "tokenizer.json", "tokenizer_config.json"], files);
            var back = TokenizerLoader.Load(dir);
            const string text = "Premise: the cat sat. Is it true that a cat sat?";
            Assert.Equal(tokenizer.Encode(text), back.Encode(text));
            Assert.Equal((tokenizer.PadId, tokenizer.EosId, tokenizer.UnkId), (back.PadId, back.EosId, back.UnkId));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Compact_tokenizer_is_saved_as_a_tokenizer_json_that_encodes_its_corpus_identically()
    {
        var dir = Directory.CreateTempSubdirectory("t0sharp-tokfiles-").FullName;
        try
        {
            var t5 = TokenizerLoader.Load(TokenizerFixtures.Path("t5", "tokenizer.json"));
            string[] corpus = ["Does the premise entail the hypothesis? Yes, no, or maybe.", "The quick brown fox jumps over the lazy dog."];
            var compact = CompactTokenizer.Build(t5, corpus);
            TokenizerFiles.Save(compact, TokenizerFixtures.Path("t5"), dir);
            var back = TokenizerLoader.Load(dir);
            Assert.Equal(compact.VocabSize, back.VocabSize);
            foreach (var text in corpus) Assert.Equal(compact.Encode(text), back.Encode(text));
            Assert.Equal((0, 1, 2), (back.PadId, back.EosId, back.UnkId));
            var config = Obj(File.ReadAllText(Path.Combine(dir, "tokenizer_config.json")));
            Assert.Equal("T5TokenizerFast", (string?)config["tokenizer_class"]);
            Assert.Equal(0, (int)config["extra_ids"]!);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
