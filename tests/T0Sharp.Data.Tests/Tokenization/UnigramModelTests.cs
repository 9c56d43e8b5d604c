using System.Text;
using T0Sharp.Data.Tokenization.Unigram;

namespace T0Sharp.Data.Tests.Tokenization;

/// <summary>The Viterbi search on a three-piece literal vocabulary, with exact ids.</summary>
public sealed class UnigramModelTests
{
    // ids: 0 <unk>, 1 "a", 2 "b", 3 "ab"; "a"+"b" and "ab" score the same (-2).
    static readonly string[] Pieces = ["<unk>", "a", "b", "ab"];
    static readonly double[] Scores = [0, -1, -1, -2];

    static List<int> Encode(UnigramFlavor flavor, string text, List<(int, int)>? spans = null)
    {
        var model = new UnigramModel(Pieces, Scores, unkId: 0, flavor, matchable: id => id != 0);
        var ids = new List<int>();
        model.Encode(Encoding.UTF8.GetBytes(text), ids, spans);
        return ids;
    }

    [Fact]
    public void ExactTies_KeepThePieceThatStartsEarlier_InBothFlavours()
    {
        // Near-ties that differ only by float rounding are what separate the flavours (fixture line 57).
        Assert.Equal([3], Encode(UnigramFlavor.SentencePiece, "ab"));
        Assert.Equal([3], Encode(UnigramFlavor.HuggingFace, "ab"));
    }

    [Fact]
    public void UnknownCharacters_AreFusedIntoOneUnknownPiece()
    {
        var spans = new List<(int, int)>();
        Assert.Equal([1, 0, 2], Encode(UnigramFlavor.HuggingFace, "aéxb", spans));
        Assert.Equal([(0, 1), (1, 3), (4, 1)], spans); // "é" is 2 UTF-8 bytes, "x" 1
    }

    [Fact]
    public void BestPath_PrefersHigherTotalScore()
    {
        var model = new UnigramModel(["<unk>", "a", "b", "ab"], [0, -1, -1, -1.5], 0, UnigramFlavor.SentencePiece, matchable: id => id != 0);
        var ids = new List<int>();
        model.Encode("abab"u8, ids);
        Assert.Equal([3, 3], ids);
    }
}
