using T0Sharp.Data.Tokenization;

namespace T0Sharp.Data.Tests.Tokenization;

/// <summary>T5's special tokens and sentinels, the same through spiece.model and tokenizer.json, and the two known
/// SentencePiece-vs-HF differences pinned down exactly.</summary>
public sealed class SpecialTokenTests
{
    static ITokenizer Spiece => TokenizerFixtures.Load("t5/spiece.model");
    static ITokenizer Json => TokenizerFixtures.Load("t5/tokenizer.json");

    [Fact]
    public void T5_SpecialIdsAndSentinels_AgreeBetweenSpieceAndTokenizerJson()
    {
        foreach (var tok in new[] { Spiece, Json })
        {
            Assert.Equal((0, 1, 2, (int?)null, 32100), (tok.PadId, tok.EosId, tok.UnkId, tok.BosId, tok.VocabSize));
            Assert.Equal(32099, tok.TokenToId("<extra_id_0>"));
            Assert.Equal(32000, tok.TokenToId("<extra_id_99>"));
            Assert.Equal("<extra_id_7>", tok.IdToToken(32092));
            Assert.Equal("▁Hello", tok.IdToToken(8774));
            Assert.Null(tok.IdToToken(32100));
            Assert.Subset(tok.SpecialTokenIds.ToHashSet(), new HashSet<int> { 0, 1, 2, 32000, 32099 });
            Assert.DoesNotContain(8774, tok.SpecialTokenIds);
        }
    }

    [Fact]
    public void Decode_WritesSentinelsOrDropsThem()
    {
        int[] ids = [32099, 8774, 32098, 296, 1];
        foreach (var tok in new[] { Spiece, Json })
        {
            Assert.Equal("Hello world", tok.Decode(ids, skipSpecialTokens: true));
        }
        Assert.Equal("<extra_id_0>Hello<extra_id_1>world", Spiece.Decode(ids, skipSpecialTokens: false)); // slow T5Tokenizer style
        Assert.Equal("<extra_id_0> Hello<extra_id_1> world</s>", Json.Decode(ids, skipSpecialTokens: false)); // tokenizers Metaspace decoder
    }

    [Fact]
    public void SpieceAndTokenizerJson_DifferOnlyOnTheTwoDocumentedLines()
    {
        var differing = TokenizerFixtures.Expected("t5")
            .Where(l => !Spiece.Encode(l.Text).SequenceEqual(Json.Encode(l.Text)))
            .Select(l => l.Index).ToArray();
        Assert.Equal([26, 57], differing); // literal special tokens; Viterbi tie-break on "0000000000"
    }

    [Fact]
    public void SplitSpecialTokensOption_MakesSpieceMatchHfOnLiteralSpecialTokens()
    {
        var split = TokenizerFixtures.Load("t5/spiece.model", new TokenizerOptions { SplitSpecialTokens = true });
        var line = TokenizerFixtures.Expected("t5")[26];
        Assert.Equal(line.Ids, split.Encode(line.Text, addSpecialTokens: false));
        Assert.Equal([32099, 3, 226, 1], split.Encode("<extra_id_0> x"));
    }

    [Fact]
    public void HfTestModel_UsesItsOwnSpecialIdsAndSentinelsAfterItsVocabulary()
    {
        var tok = TokenizerFixtures.Load("hf-test-sentencepiece/test_sentencepiece.model");
        Assert.Equal((0, 2, (int?)1, 1100), (tok.UnkId, tok.EosId, tok.BosId, tok.VocabSize));
        Assert.Equal(1099, tok.TokenToId("<extra_id_0>"));
        Assert.Equal([285, 46, 10, 170, 382, 2], tok.Encode("This is a test"));
    }

    [Fact]
    public void EmptyAndWhitespaceOnlyInput_GiveNoTokensOrJustEos()
    {
        foreach (var tok in new[] { Spiece, Json })
        {
            Assert.Empty(tok.Encode("", addSpecialTokens: false));
            Assert.Empty(tok.Encode(" \t\n ", addSpecialTokens: false));
            Assert.Equal([1], tok.Encode("   "));
            Assert.Equal("", tok.Decode([1]));
        }
    }

    [Fact]
    public void Encoding_IsThreadSafe()
    {
        var lines = TokenizerFixtures.Expected("t5");
        foreach (var tok in new[] { Spiece, Json })
        {
            var expected = lines.Select(l => tok.EncodeWithTokens(l.Text)).ToArray();
            Parallel.For(0, lines.Count * 8, i =>
            {
                var got = tok.EncodeWithTokens(lines[i % lines.Count].Text);
                Assert.Equal(expected[i % lines.Count].Ids, got.Ids);
                Assert.Equal(expected[i % lines.Count].Tokens, got.Tokens);
            });
        }
    }
}
