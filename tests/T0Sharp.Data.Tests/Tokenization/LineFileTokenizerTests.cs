using System.Text;
using T0Sharp.Cli.Commands;
using T0Sharp.Data.Tokenization;
using T0Sharp.Tests;

namespace T0Sharp.Data.Tests.Tokenization;

/// <summary>The <c>t0sharp tokenize</c> line rules, output format and failure behaviour.</summary>
public sealed class LineFileTokenizerTests
{
    [Fact]
    public void ReadLines_CrlfLikeLf_LoneCrKept_BomDropped_SpacesKept()
    {
        using var dir = TestPaths.NewTempDir();
        File.WriteAllBytes(dir.File("in.txt"), [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("a b \r\n\r\n  c\rd\nlast")]);
        Assert.Equal(["a b ", "", "  c\rd", "last"], LineFileTokenizer.ReadLines(dir.File("in.txt")));
        File.WriteAllText(dir.File("two.txt"), "x\ny\n\nz\r");
        Assert.Equal(["x", "y", "", "z\r"], LineFileTokenizer.ReadLines(dir.File("two.txt")));
    }

    [Fact]
    public void ReadLines_StreamsAcrossReadBoundaries()
    {
        using var dir = TestPaths.NewTempDir();
        var longLine = new string('a', 65535); // its CR ends the first 64 KiB read, the LF starts the next
        File.WriteAllText(dir.File("in.txt"), longLine + "\r\n" + new string('é', 40000) + "\nb");
        Assert.Equal([longLine, new string('é', 40000), "b"], LineFileTokenizer.ReadLines(dir.File("in.txt")));
    }

    [Fact]
    public void Run_WritesOneJsonLinePerInputLine()
    {
        using var dir = TestPaths.NewTempDir();
        File.WriteAllText(dir.File("in.txt"), "Hello world!\r\n\n<extra_id_0> x\n");
        var tok = TokenizerFixtures.Load("t5/tokenizer.json");
        Assert.Equal(3, LineFileTokenizer.Run(tok, dir.File("in.txt"), dir.File("out.jsonl"), addSpecialTokens: true));
        Assert.Equal([
            """{"ids":[8774,296,55,1],"tokens":["▁Hello","▁world","!","</s>"]}""",
            """{"ids":[1],"tokens":["</s>"]}""",
            """{"ids":[32099,3,226,1],"tokens":["<extra_id_0>","▁","x","</s>"]}""",
        ], File.ReadAllLines(dir.File("out.jsonl")));
        LineFileTokenizer.Run(tok, dir.File("in.txt"), dir.File("out.jsonl"), addSpecialTokens: false);
        Assert.Equal("""{"ids":[8774,296,55],"tokens":["▁Hello","▁world","!"]}""", File.ReadLines(dir.File("out.jsonl")).First());
    }

    [Fact]
    public void InvalidUtf8_ErrorNamesFileAndLine_AndKeepsPreviousOutput()
    {
        using var dir = TestPaths.NewTempDir();
        File.WriteAllBytes(dir.File("in.txt"), [.. "ok\nfine\n"u8, 0xFF, 0xFE, (byte)'\n']);
        File.WriteAllText(dir.File("out.jsonl"), "previous");
        var e = Assert.Throws<T0Sharp.Core.UserError>(() =>
            LineFileTokenizer.Run(TokenizerFixtures.Load("t5/tokenizer.json"), dir.File("in.txt"), dir.File("out.jsonl"), true));
        Assert.Contains("in.txt:3: not valid UTF-8 (0xFF", e.Message);
        Assert.Equal("previous", File.ReadAllText(dir.File("out.jsonl")));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp")); // no temporary file left behind
    }

    [Fact]
    public void Command_ReturnsErrorForMissingTokenizerAndWritesOutputOtherwise()
    {
        using var dir = TestPaths.NewTempDir();
        File.WriteAllText(dir.File("in.txt"), "Hello\n");
        var bad = TokenizeCommand.Create().Parse(["--tokenizer", dir.File("missing.model"), "--input", dir.File("in.txt"), "--output", dir.File("o.jsonl")]).Invoke();
        Assert.Equal(2, bad);
        Assert.False(File.Exists(dir.File("o.jsonl")));
        var ok = TokenizeCommand.Create().Parse(["--tokenizer", TokenizerFixtures.Path("t5", "spiece.model"), "--input", dir.File("in.txt"), "--output", dir.File("o.jsonl"), "--no-special-tokens"]).Invoke();
        Assert.Equal(0, ok);
        Assert.Equal(["""{"ids":[8774],"tokens":["▁Hello"]}"""], File.ReadAllLines(dir.File("o.jsonl")));
    }
}
