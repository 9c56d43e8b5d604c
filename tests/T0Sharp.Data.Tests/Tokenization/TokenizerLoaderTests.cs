using T0Sharp.Data.Tokenization;
using T0Sharp.Data.Tokenization.HuggingFace;
using T0Sharp.Data.Tokenization.SentencePiece;
using T0Sharp.Tests;

namespace T0Sharp.Data.Tests.Tokenization;

public sealed class TokenizerLoaderTests
{
    [Fact]
    public void Folder_PrefersTokenizerJsonElseSpieceModel()
    {
        Assert.IsType<HfTokenizer>(TokenizerLoader.Load(TokenizerFixtures.Path("t5")));
        using var dir = TestPaths.NewTempDir();
        File.Copy(TokenizerFixtures.Path("t5", "spiece.model"), dir.File("spiece.model"));
        Assert.IsType<SentencePieceUnigramTokenizer>(TokenizerLoader.Load(dir.Path));
        Assert.Equal(dir.File("spiece.model"), TokenizerLoader.ResolveFolder(dir.Path));
    }

    [Fact]
    public void MissingPath_ErrorNamesIt()
    {
        var e = Assert.Throws<FileNotFoundException>(() => TokenizerLoader.Load("/no/such/tokenizer.json"));
        Assert.Contains("/no/such/tokenizer.json", e.Message);
        using var dir = TestPaths.NewTempDir();
        var empty = Assert.Throws<FileNotFoundException>(() => TokenizerLoader.Load(dir.Path));
        Assert.Contains(dir.Path, empty.Message);
    }

    [Theory]
    [InlineData("bad.json", "{ not json", "is not valid JSON")]
    [InlineData("bad.json", "{\"added_tokens\": []}", "has no \"model\" object")]
    [InlineData("bad.json", "{\"model\": {\"type\": \"WordPiece\", \"vocab\": {}}}", "model type 'WordPiece' is not supported")]
    [InlineData("bad.json", "{\"model\": {\"type\": \"Unigram\", \"vocab\": [[\"a\", -1.0]], \"unk_id\": 0}, \"normalizer\": {\"type\": \"BertNormalizer\"}}", "normalizer type 'BertNormalizer' is not supported")]
    [InlineData("bad.model", "this is not a protobuf", "is not a valid SentencePiece model file")]
    public void BadFiles_ErrorNamesFileAndProblem(string name, string content, string expected)
    {
        using var dir = TestPaths.NewTempDir();
        File.WriteAllText(dir.File(name), content);
        var e = Assert.ThrowsAny<Exception>(() => TokenizerLoader.Load(dir.File(name)));
        Assert.True(e is InvalidDataException or NotSupportedException, e.GetType().Name);
        Assert.Contains(dir.File(name), e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void OnigurumaNestedClass_IsFlattenedForDotNet()
    {
        Assert.Equal(@" ?[^(\s|.,!?…。，、।۔،)]+", OnigurumaPattern.ToDotNet(@" ?[^(\s|[.,!?…。，、।۔،])]+"));
        Assert.Equal(@"'s|'t| ?\p{L}+", OnigurumaPattern.ToDotNet(@"'s|'t| ?\p{L}+"));
        Assert.Throws<NotSupportedException>(() => OnigurumaPattern.ToDotNet("[a[^b]]"));
    }
}
