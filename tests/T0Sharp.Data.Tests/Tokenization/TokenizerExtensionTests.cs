using System.Text.Json.Nodes;
using T0Sharp.Data.Tokenization.Extension;
using T0Sharp.Data.Tokenization.HuggingFace;
using T0Sharp.Tests;

namespace T0Sharp.Data.Tests.Tokenization;

/// <summary>BLOOM+1's vocabulary strategies on the BLOOM-style byte-level BPE fixture, learnt on Greek XQuAD paragraphs.</summary>
public class TokenizerExtensionTests
{
    static string OldJson => TestPaths.TestData("tokenizers", "bloom-style-bpe", "tokenizer.json");
    static string[] Greek => File.ReadAllLines(TestPaths.TestData("language-adaptation", "xquad-el", "train.txt"));
    static string[] GreekHeldOut => File.ReadAllLines(TestPaths.TestData("language-adaptation", "xquad-el", "validation.txt"));
    static string[] OldTexts => File.ReadAllLines(TestPaths.TestData("tokenizers", "corpus.txt"));

    static HfTokenizer Save(TempDir dir, TokenizerExtension e)
    {
        File.WriteAllText(dir.File("tokenizer.json"), e.TokenizerJson);
        return HfTokenizerJson.Load(dir.File("tokenizer.json"));
    }

    [Fact]
    public void Merge_learner_merges_the_most_frequent_pair_and_never_remakes_a_token()
    {
        // "a b c" ×5, "a b" ×3, "b c" ×1: (a,b) occurs 8 times, (b,c) 6; after ab, (ab,c) occurs 5 times.
        (IReadOnlyList<string>, long)[] words = [(["a", "b", "c"], 5), (["a", "b"], 3), (["b", "c"], 1)];
        var merges = BpeMergeLearner.Learn(words, new HashSet<string> { "a", "b", "c" }, 5, 2);
        Assert.Equal([("a", "b"), ("ab", "c")], merges);
        // "ab" already a token: the learner skips (a,b) and takes (b,c) (6), then nothing occurs twice.
        merges = BpeMergeLearner.Learn(words, new HashSet<string> { "a", "b", "c", "ab" }, 5, 2);
        Assert.Equal([("b", "c"), ("a", "bc")], merges);
        // ties go to the pair that sorts first; min frequency stops the learner
        Assert.Equal([("x", "y")], BpeMergeLearner.Learn([(["y", "z"], 2), (["x", "y"], 2)], new HashSet<string>(), 1, 2));
        Assert.Empty(BpeMergeLearner.Learn([(["y", "z"], 1)], new HashSet<string>(), 3, 2));
        // overlapping runs merge left to right: "a a a" → "aa a"
        Assert.Equal([("a", "a"), ("aa", "a")], BpeMergeLearner.Learn([(["a", "a", "a"], 2)], new HashSet<string> { "a" }, 2, 2));
    }

    [Fact]
    public void Merge_learner_matches_a_plain_rescan_of_every_pair_on_random_words()
    {
        var rng = new Random(5);
        for (var trial = 0; trial < 20; trial++)
        {
            var words = Enumerable.Range(0, 40).Select(_ => ((IReadOnlyList<string>)Enumerable.Range(0, rng.Next(1, 9))
                .Select(_ => ((char)('a' + rng.Next(4))).ToString()).ToList(), (long)rng.Next(1, 6))).ToList();
            var existing = new HashSet<string> { "a", "b", "c", "d", "ab" };
            Assert.Equal(Rescan(words, existing, 15, 2), BpeMergeLearner.Learn(words, existing, 15, 2));
        }
    }

    // The definition, computed the slow way: count every pair again before each merge.
    static List<(string, string)> Rescan(List<(IReadOnlyList<string> Symbols, long Count)> words, HashSet<string> existing, int n, int minFrequency)
    {
        var seqs = words.Select(w => w.Symbols.ToList()).ToList();
        var known = new HashSet<string>(existing);
        var merges = new List<(string, string)>();
        while (merges.Count < n)
        {
            var counts = new Dictionary<(string, string), long>();
            for (var w = 0; w < seqs.Count; w++)
                for (var i = 0; i + 1 < seqs[w].Count; i++)
                    counts[(seqs[w][i], seqs[w][i + 1])] = counts.GetValueOrDefault((seqs[w][i], seqs[w][i + 1])) + words[w].Count;
            var best = counts.Where(kv => kv.Value >= minFrequency && !known.Contains(kv.Key.Item1 + kv.Key.Item2))
                .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key.Item1, StringComparer.Ordinal).ThenBy(kv => kv.Key.Item2, StringComparer.Ordinal)
                .Select(kv => kv.Key).FirstOrDefault();
            if (best == default) break;
            merges.Add(best);
            known.Add(best.Item1 + best.Item2);
            foreach (var s in seqs)
                for (var i = 0; i + 1 < s.Count; i++)
                    if (s[i] == best.Item1 && s[i + 1] == best.Item2) { s[i] = best.Item1 + best.Item2; s.RemoveAt(i + 1); }
        }
        return merges;
    }

    [Fact]
    public void Extend_keeps_every_old_id_and_old_encoding_and_round_trips_new_text()
    {
        using var dir = TestPaths.NewTempDir();
        var old = HfTokenizerJson.Load(OldJson);
        var e = BpeTokenizerExtension.Build(OldJson, Greek, 200, VocabularyStrategy.Extend);
        var tok = Save(dir, e);
        Assert.Equal((1760, 1960, 200), (e.OldVocabSize, e.NewVocabSize, e.NewTokens.Count));
        Assert.Equal(1960, tok.VocabSize);
        for (var id = 0; id < old.VocabSize; id++) Assert.Equal(old.IdToToken(id), tok.IdToToken(id));
        for (var k = 0; k < e.NewTokens.Count; k++) Assert.Equal(1760 + k, tok.TokenToId(e.NewTokens[k]));
        Assert.Equal((old.PadId, old.EosId, old.UnkId, old.BosId), (tok.PadId, tok.EosId, tok.UnkId, tok.BosId));

        // Old text: the new encoding expands (each new token into its old encoding) back into the old one exactly,
        // and here every line without Greek letters keeps its ids (new merges apply only where their pieces occur).
        var unchanged = 0;
        foreach (var text in OldTexts)
        {
            var before = old.Encode(text);
            var after = tok.Encode(text);
            Assert.Equal(before, after.SelectMany(id => id < 1760 ? [id] : e.RowSources[id]).ToList());
            if (!text.Any(c => c is >= '\u0370' and <= '\u03FF')) { Assert.Equal(before, after); unchanged++; }
        }
        Assert.Equal(59, unchanged); // lines 6 and 59 hold π, α, β, γ, δ
        // New text round-trips and takes far fewer tokens.
        foreach (var text in Greek.Concat(GreekHeldOut)) Assert.Equal(text, tok.Decode(tok.Encode(text)));
        var before2 = BpeTokenizerExtension.TokensPerWord(old, GreekHeldOut);
        var after2 = BpeTokenizerExtension.TokensPerWord(tok, GreekHeldOut);
        Assert.True(after2 < 0.6 * before2, $"held-out tokens per word {before2} → {after2}");
        // A new token's row source is the old encoding of its text.
        for (var k = 0; k < e.NewTokens.Count; k++)
        {
            var ids = new List<int>();
            ((BpeModel)old.Model).Tokenize(e.NewTokens[k], ids, null);
            Assert.Equal(ids, e.RowSources[1760 + k]);
            Assert.True(ids.Count >= 2);
        }
        // merges were appended in the file's notation ([left, right] pairs here)
        var merges = JsonNode.Parse(e.TokenizerJson)!["model"]!["merges"]!.AsArray();
        Assert.Equal(1500 + 200, merges.Count);
        Assert.IsType<JsonArray>(merges[^1]);
    }

    [Fact]
    public void Replace_learns_from_scratch_and_overlap_replace_keeps_the_shared_rows()
    {
        using var dir = TestPaths.NewTempDir();
        var old = HfTokenizerJson.Load(OldJson);
        var replace = BpeTokenizerExtension.Build(OldJson, Greek, 120, VocabularyStrategy.Replace);
        var overlap = BpeTokenizerExtension.Build(OldJson, Greek, 120, VocabularyStrategy.OverlapReplace);
        Assert.Equal(replace.TokenizerJson, overlap.TokenizerJson);
        var tok = Save(dir, replace);
        Assert.Equal(4 + 256 + 120, tok.VocabSize);
        Assert.Equal(["<unk>", "<s>", "</s>", "<pad>"], Enumerable.Range(0, 4).Select(i => tok.IdToToken(i)));
        Assert.Equal((0, 1, 2, 3), (tok.UnkId, tok.BosId!.Value, tok.EosId, tok.PadId));
        foreach (var text in Greek.Concat(OldTexts)) Assert.Equal(text, tok.Decode(tok.Encode(text), skipSpecialTokens: false));
        Assert.All(replace.RowSources, s => Assert.Empty(s));
        var shared = 0;
        for (var id = 0; id < tok.VocabSize; id++)
        {
            var oldId = old.TokenToId(tok.IdToToken(id)!);
            Assert.Equal(oldId is int o ? [o] : [], overlap.RowSources[id]);
            if (oldId is not null) shared++;
        }
        Assert.Equal(shared, overlap.SharedTokens);
        Assert.True(shared >= 260, $"{shared}"); // the specials and the 256 byte symbols at least
        Assert.Equal(tok.VocabSize - shared, overlap.NewTokens.Count);
    }

    [Fact]
    public void Unsupported_tokenizers_and_empty_corpora_are_refused_with_the_file_named()
    {
        var t5 = TestPaths.TestData("tokenizers", "t5", "tokenizer.json");
        var e = Assert.Throws<NotSupportedException>(() => BpeTokenizerExtension.Build(t5, Greek, 10, VocabularyStrategy.Extend));
        Assert.Contains("Unigram", e.Message);
        Assert.Contains("t5", e.Message);
        Assert.Throws<InvalidDataException>(() => BpeTokenizerExtension.Build(OldJson, ["", ""], 10, VocabularyStrategy.Extend));
        Assert.Throws<ArgumentException>(() => BpeTokenizerExtension.Build(OldJson, Greek, 0, VocabularyStrategy.Extend));
    }
}
