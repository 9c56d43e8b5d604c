namespace T0Sharp.Data.Tests.Tokenization;

/// <summary>
/// T5 tokenizer.json (old schema) and tokenizer.modern.json (current schema) against Hugging Face tokenizers (Rust):
/// the top-level fields of t5/expected.jsonl, every corpus line.
/// </summary>
public sealed class HfTokenizerJsonConformanceTests
{
    public static TheoryData<string, int> Lines()
    {
        var data = new TheoryData<string, int>();
        foreach (var file in new[] { "tokenizer.json", "tokenizer.modern.json" })
            foreach (var line in TokenizerFixtures.Expected("t5")) data.Add(file, line.Index);
        return data;
    }

    [Theory]
    [MemberData(nameof(Lines))]
    public void T5TokenizerJson_MatchesHfTokenizers(string file, int index)
    {
        var line = TokenizerFixtures.Expected("t5")[index];
        var tok = TokenizerFixtures.Load("t5/" + file);
        var enc = tok.EncodeWithTokens(line.Text, addSpecialTokens: false);
        Assert.Equal(line.Ids, enc.Ids);
        Assert.Equal(line.Tokens, enc.Tokens);
        Assert.Equal(line.Ids, tok.Encode(line.Text, addSpecialTokens: false));
        Assert.Equal(line.IdsWithSpecial, tok.Encode(line.Text));
        Assert.Equal(line.Decoded, tok.Decode(line.IdsWithSpecial, skipSpecialTokens: true));
        Assert.Equal(line.DecodedWithSpecial, tok.Decode(line.IdsWithSpecial, skipSpecialTokens: false));
    }
}
