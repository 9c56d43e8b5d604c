using T0Sharp.Data.Tokenization;
using T0Sharp.Tests;

namespace T0Sharp.Data.Tests.Tokenization;

public class CompactTokenizerTests
{
    /// <summary>Word-level stand-in for a large vocabulary: "w{id}" tokens, pad 0, eos 1, unk 2.</summary>
    sealed class WordTokenizer : ITokenizer
    {
        public int VocabSize => 1000;
        public int PadId => 0;
        public int EosId => 1;
        public int UnkId => 2;
        public IReadOnlyList<int> Encode(string text, bool addSpecialTokens = true)
        {
            var ids = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => int.Parse(w[1..])).ToList();
            if (addSpecialTokens) ids.Add(EosId);
            return ids;
        }
        public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = true) =>
            string.Join(" ", ids.Where(i => !skipSpecialTokens || i > 2).Select(i => "w" + i));
        public string? IdToToken(int id) => "w" + id;
    }

    [Fact]
    public void Remaps_used_pieces_densely_after_the_specials_and_round_trips()
    {
        var inner = new WordTokenizer();
        var compact = CompactTokenizer.Build(inner, ["w500 w7 w900", "w7 w42"]);
        Assert.Equal(new[] { 0, 1, 2, 7, 42, 500, 900 }, compact.InnerIds);
        Assert.Equal(7, compact.VocabSize);
        Assert.Equal(new[] { 5, 3, 6, 1 }, compact.Encode("w500 w7 w900"));
        Assert.Equal(new[] { 4 }, compact.Encode("w42", addSpecialTokens: false));
        Assert.Equal("w500 w7 w900", compact.Decode([5, 3, 6, 1]));
        Assert.Equal("w42", compact.IdToToken(4));
        Assert.Null(compact.IdToToken(7));
    }

    [Fact]
    public void Unseen_pieces_become_unk()
    {
        var compact = CompactTokenizer.Build(new WordTokenizer(), ["w10"]);
        Assert.Equal(new[] { 3, 2, 1 }, compact.Encode("w10 w11"));
    }

    [Fact]
    public void Saved_tokenizer_json_encodes_like_the_compact_tokenizer_and_loads_on_its_own()
    {
        var t5 = TokenizerLoader.Load(TestPaths.TestData("tokenizers", "t5", "spiece.model"));
        string[] corpus =
        [
            "Nora lives in the farm. She has a dog.", "Premise: Carl found a drill near the park.\nHypothesis: Carl found a tool.",
            "Because it started to rain, Alice opened an umbrella.", "Who showed the harp? Answer: Tom",
        ];
        var compact = CompactTokenizer.Build(t5, corpus);
        using var tmp = TestPaths.NewTempDir();
        var path = Path.Combine(tmp.Path, "tokenizer.json");
        compact.SaveTokenizerJson(TestData("tokenizers", "t5", "tokenizer.json"), path);
        var loaded = TokenizerLoader.Load(path);
        Assert.Equal(compact.VocabSize, loaded.VocabSize);
        Assert.Equal((compact.PadId, compact.EosId, compact.UnkId), (loaded.PadId, loaded.EosId, loaded.UnkId));
        foreach (var text in corpus)
        {
            Assert.Equal(compact.Encode(text), loaded.Encode(text));
            Assert.DoesNotContain(compact.UnkId, loaded.Encode(text));
            Assert.Equal(t5.Decode(t5.Encode(text)), loaded.Decode(loaded.Encode(text)));
        }
        // T5's sentinels (ids 32000+) are outside the compact vocabulary and dropped from added_tokens.
        Assert.DoesNotContain("extra_id", File.ReadAllText(path));
    }

    static string TestData(params string[] parts) => TestPaths.TestData(parts);
}
