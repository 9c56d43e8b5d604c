using T0Sharp.Data.Pretraining;
using T0Sharp.Data.Sources;
using T0Sharp.Data.Tokenization;
using T0Sharp.Tests;

namespace T0Sharp.Data.Tests.Pretraining;

/// <summary>Raw-text sources, chunking, and the determinism of pretraining examples.</summary>
public class RawTextTests
{
    [Fact]
    public void Jsonl_documents_come_from_the_text_field_and_a_missing_field_names_the_line()
    {
        using var dir = TestPaths.NewTempDir();
        var path = dir.File("docs.jsonl");
        File.WriteAllText(path, "{\"text\": \"first doc\", \"id\": 1}\n\n{\"body\": \"x\", \"text\": \"second\"}\n");
        Assert.Equal(["first doc", "second"], RawTextFiles.Read(path).Select(d => d.Text));
        Assert.Equal([1L, 3L], RawTextFiles.Read(path).Select(d => d.Line));
        var e = Assert.Throws<DataFormatException>(() => RawTextFiles.Read(path, textField: "body").ToList());
        Assert.Equal($"{path}:1: no \"body\" field (data.text_field names the field holding the text)", e.Message);
        File.WriteAllText(path, "{\"text\": 5}\n");
        Assert.Contains(":1: \"text\" is not a string", Assert.Throws<DataFormatException>(() => RawTextFiles.Read(path).ToList()).Message);
    }

    [Fact]
    public void Plain_text_splits_by_line_or_by_blank_lines()
    {
        using var dir = TestPaths.NewTempDir();
        var path = dir.File("docs.txt");
        File.WriteAllText(path, "one a\none b\n\n\ntwo\n  \nthree\n");
        Assert.Equal(["one a", "one b", "two", "three"], RawTextFiles.Read(path).Select(d => d.Text));
        var blocks = RawTextFiles.Read(path, plain: PlainTextDocuments.BlankLine).ToList();
        Assert.Equal(["one a\none b", "two", "three"], blocks.Select(d => d.Text));
        Assert.Equal([1L, 5L, 7L], blocks.Select(d => d.Line));
        Assert.Equal([path], RawTextFiles.Expand(dir.Path));
        Assert.Throws<FileNotFoundException>(() => RawTextFiles.Expand(dir.File("missing.txt")));
    }

    [Fact]
    public void Chunks_concatenate_documents_and_keep_a_remainder_of_two_or_more()
    {
        int[][] docs = [[1, 2, 3], [4, 5], [6, 7, 8, 9]];
        Assert.Equal([[1, 2, 3, 4], [5, 6, 7, 8]], TokenChunks.Split(docs, 4));                        // remainder [9] dropped
        Assert.Equal([[1, 2, 3], [4, 5, 6], [7, 8, 9]], TokenChunks.Split(docs, 3));
        Assert.Equal([[1, 2, 3, 0], [4, 5, 0, 6], [7, 8, 9, 0]], TokenChunks.Split(docs, 4, separator: 0)); // EOS after each document
        Assert.Equal([[1, 2, 3, 4, 5], [6, 7, 8, 9]], TokenChunks.Split(docs, 5));
    }

    [Fact]
    public void Examples_are_a_pure_function_of_seed_epoch_and_chunk()
    {
        var tokenizer = TokenizerLoader.Load(TestPaths.TestData("tokenizers", "t5", "spiece.model"));
        Assert.Equal(32100, tokenizer.VocabSize);
        Assert.Equal("<extra_id_0>", tokenizer.IdToToken(PretrainingTokens.Of(tokenizer).FirstSentinel));
        var docs = RawTextFiles.Read(TestPaths.RepoPath("assets", "pretraining", "tiny-corpus.txt"), plain: PlainTextDocuments.BlankLine).ToList();
        var lengths = new T0Sharp.Data.Features.FeatureLengths(64, 16);
        PretrainingExamples Make(long seed) => PretrainingExamples.Build(docs, tokenizer, SpanCorruption.T5(PretrainingTokens.Of(tokenizer)), lengths, seed);
        var a = Make(1);
        var b = Make(1);
        Assert.All(a.Chunks.SkipLast(1), c => Assert.Equal(70, c.Length));
        for (int i = 0; i < a.Count; i += 7)
        {
            Assert.Equal(a.Get(i, 0).Inputs, b.Get(i, 0).Inputs);
            Assert.Equal(a.Get(i, 3).Targets, b.Get(i, 3).Targets);
        }
        // New noise each epoch and for another seed, on the same chunks.
        Assert.True(Enumerable.Range(0, 20).Count(i => !a.Get(i, 0).Inputs.SequenceEqual(a.Get(i, 1).Inputs)) >= 18);
        Assert.True(Enumerable.Range(0, 20).Count(i => !a.Get(i, 0).Inputs.SequenceEqual(Make(2).Get(i, 0).Inputs)) >= 18);
        // The sentinels decode as T5's: "<extra_id_0>" first.
        var first = a.Get(0, 0);
        Assert.Contains("<extra_id_0>", tokenizer.Decode(first.Inputs, skipSpecialTokens: false));
        Assert.StartsWith("<extra_id_0>", tokenizer.Decode(first.Targets, skipSpecialTokens: false));
    }
}
