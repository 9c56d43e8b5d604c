using T0Sharp.Data.Tokenization;

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
}
