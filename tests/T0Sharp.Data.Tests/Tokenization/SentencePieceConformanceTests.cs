using T0Sharp.Data.Tokenization;

namespace T0Sharp.Data.Tests.Tokenization;

/// <summary>
/// SentencePiece <c>.model</c> files against Google SentencePiece's own outputs (the <c>sentencepiece</c> fields of
/// the shared fixtures; for hf-test-sentencepiece also its top-level fields), every corpus line.
/// </summary>
public sealed class SentencePieceConformanceTests
{
    public static TheoryData<int> T5Lines => TokenizerFixtures.Indices("t5");
    public static TheoryData<int> TestModelLines => TokenizerFixtures.Indices("hf-test-sentencepiece");

    [Theory]
    [MemberData(nameof(T5Lines))]
    public void T5SpieceModel_MatchesSentencePiece(int index)
    {
        var line = TokenizerFixtures.Expected("t5")[index];
        var tok = TokenizerFixtures.Load("t5/spiece.model");
        AssertSentencePieceFields(tok, line);
    }

    [Theory]
    [MemberData(nameof(TestModelLines))]
    public void HfTestSentencePieceModel_MatchesSentencePieceAndTopLevel(int index)
    {
        var line = TokenizerFixtures.Expected("hf-test-sentencepiece")[index];
        var tok = TokenizerFixtures.Load("hf-test-sentencepiece/test_sentencepiece.model");
        AssertSentencePieceFields(tok, line);
        var enc = tok.EncodeWithTokens(line.Text, addSpecialTokens: false);
        Assert.Equal(line.Ids, enc.Ids);
        Assert.Equal(line.Tokens, enc.Tokens);
        Assert.Equal(line.IdsWithSpecial, tok.Encode(line.Text));
        Assert.Equal(line.Decoded, tok.Decode(line.Ids, skipSpecialTokens: false));
    }

    static void AssertSentencePieceFields(ITokenizer tok, ExpectedLine line)
    {
        var enc = tok.EncodeWithTokens(line.Text, addSpecialTokens: false);
        Assert.Equal(line.SpIds, enc.Ids);
        Assert.Equal(line.SpPieces, enc.Tokens);
        Assert.Equal(line.SpIds, tok.Encode(line.Text, addSpecialTokens: false));
        Assert.Equal(line.SpIdsWithEos, tok.Encode(line.Text, addSpecialTokens: true));
        Assert.Equal(line.SpDecoded, tok.Decode(line.SpIds, skipSpecialTokens: false));
    }
}
