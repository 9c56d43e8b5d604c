using System.Text.Json;
using T0Sharp.Data.Features;
using T0Sharp.Data.Mixtures;
using T0Sharp.Data.Sources;
using T0Sharp.Data.Tasks;
using T0Sharp.Data.Tokenization;
using T0Sharp.Tests;

namespace T0Sharp.Data.Tests.Features;

public class EosConventionTests
{
    /// <summary>Words to literal ids ("a" 5, "b" 6, "c" 7, "d" 8, "&lt;/s&gt;" = EOS); the post-processor appends EOS when asked, like T5's, or never, like BLOOM's.</summary>
    sealed class WordTokenizer(int eos, bool postProcessorEos) : ITokenizer
    {
        public int VocabSize => 100;
        public int PadId => 0;
        public int EosId => eos;
        public int UnkId => 3;
        public IReadOnlyList<int> Encode(string text, bool addSpecialTokens = true)
        {
            var ids = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w == "</s>" ? eos : 5 + (w[0] - 'a')).ToList();
            if (addSpecialTokens && postProcessorEos) ids.Add(eos);
            return ids;
        }
        public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = true) => string.Join(" ", ids);
        public string? IdToToken(int id) => id.ToString();
    }

    static readonly WordTokenizer T5Like = new(eos: 1, postProcessorEos: true);
    static readonly WordTokenizer BloomLike = new(eos: 2, postProcessorEos: false);

    [Fact]
    public void Each_convention_puts_eos_where_its_source_does()
    {
        static void Check(EosConvention c, ITokenizer t, int[] input, int[] target)
        {
            Assert.Equal(input, c.EncodeInput(t, "a b c"));
            Assert.Equal(target, c.EncodeTarget(t, "d"));
        }
        // T5-like tokenizer
        Check(EosConvention.TZero, T5Like, [5, 6, 7], [8, 1]);
        Check(EosConvention.TFew, T5Like, [5, 6, 7, 1], [8, 1]);
        Check(EosConvention.LmEval, T5Like, [5, 6, 7, 1], [8]);
        // BLOOM-like tokenizer: "with EOS" is explicit; lm-eval's "tokenizer defaults" add nothing
        Check(EosConvention.TZero, BloomLike, [5, 6, 7], [8, 2]);
        Check(EosConvention.TFew, BloomLike, [5, 6, 7, 2], [8, 2]);
        Check(EosConvention.LmEval, BloomLike, [5, 6, 7], [8]);
        // a text already ending with EOS gets no second one (Hugging Face T5's "add EOS if not present")
        Assert.Equal([8, 1], EosConvention.TZero.EncodeTarget(T5Like, "d </s>"));
        var ex = EosConvention.TZero.Tokenize(T5Like, "a", "b", 4);
        Assert.Equal([5], ex.Inputs);
        Assert.Equal([6, 1], ex.Targets);
        Assert.Equal(4, ex.TaskIndex);
    }

    [Theory]
    [InlineData("t-zero", "t-zero")]
    [InlineData("T0", "t-zero")]
    [InlineData(" t-few ", "t-few")]
    [InlineData("lm-eval", "lm-eval")]
    public void Names_parse(string text, string name) => Assert.Equal(name, EosConvention.Parse(text).Name);

    [Fact]
    public void Unknown_names_list_the_known_ones()
    {
        var e = Assert.Throws<ArgumentException>(() => EosConvention.Parse("eos"));
        Assert.Equal("unknown EOS convention 'eos': use t-zero, t-few, lm-eval", e.Message);
        Assert.False(EosConvention.TryParse(null, out _));
    }

    [Fact]
    public void Truncation_keeps_the_convention()
    {
        var lengths = new FeatureLengths(3, 3);
        EncDecBatch One(EosConvention c, string input, string target) =>
            FeatureConverters.EncoderDecoder([c.Tokenize(T5Like, input, target)],
                new FeatureConverterOptions(lengths, Pack: false, EosId: c.TruncationEosId(T5Like)), 1).Single();
        // t-zero: the input has no EOS and gets none; a cut target loses its EOS (seqio append_eos, then trim)
        var tz = One(EosConvention.TZero, "a b c d", "d c b a");
        Assert.Equal([5, 6, 7], tz.EncoderInputTokens);
        Assert.Equal([8, 7, 6], tz.DecoderTargetTokens);
        Assert.Equal([0, 8, 7], tz.DecoderInputTokens);
        // t-few: both keep their EOS at the end (Hugging Face truncation=True)
        var tf = One(EosConvention.TFew, "a b c d", "d c b a");
        Assert.Equal([5, 6, 1], tf.EncoderInputTokens);
        Assert.Equal([8, 7, 1], tf.DecoderTargetTokens);
        // short sequences are untouched: t-zero input [5], padded
        Assert.Equal([5, 0, 0], One(EosConvention.TZero, "a", "b").EncoderInputTokens);
        Assert.Equal([6, 1, 0], One(EosConvention.TZero, "a", "b").DecoderTargetTokens);
    }

    [Fact]
    public void Model_family_defaults()
    {
        Assert.Same(EosConvention.TZero, EosConventionDefaults.ForModel(true, "T0_3B").Convention);
        Assert.Same(EosConvention.TZero, EosConventionDefaults.ForModel(true, "mt0-xl", null).Convention);
        Assert.Same(EosConvention.TFew, EosConventionDefaults.ForModel(true, "model", "google/flan-t5-small").Convention);
        Assert.Same(EosConvention.LmEval, EosConventionDefaults.ForModel(false, "bloomz-560m").Convention);
        Assert.Same(EosConvention.TZero, EosConventionDefaults.ForModel(true).Convention);
        using var dir = TestPaths.NewTempDir();
        var model = Directory.CreateDirectory(dir.File("checkpoint")).FullName;
        File.WriteAllText(Path.Combine(model, "config.json"), "{\"_name_or_path\": \"google/flan-t5-base\", \"model_type\": \"t5\"}");
        var choice = EosConventionDefaults.ForModelFolder(true, model);
        Assert.Same(EosConvention.TFew, choice.Convention);
        Assert.Contains("google/flan-t5-base", choice.Reason);
        Assert.Same(EosConvention.TZero, EosConventionDefaults.ForModelFolder(true, dir.Path).Convention);   // no config.json
    }

    /// <summary>The golden ids Hugging Face's T5 tokenizer gave t-zero's procedure (tests/TestData/golden/t0-eval-rte-cb).</summary>
    static (int[] Input, int[] Target) GoldenIds(string dataset, string template, int index)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(TestPaths.TestData("golden", "t0-eval-rte-cb", "golden.json")));
        var item = doc.RootElement.GetProperty("items").EnumerateArray()
            .Single(i => i.GetProperty("dataset").GetString() == dataset && i.GetProperty("template").GetString() == template && i.GetProperty("index").GetInt32() == index);
        var choices = item.GetProperty("choices").EnumerateArray().Select(c => c.GetString()).ToList();
        var target = choices.IndexOf(item.GetProperty("target").GetString());
        static int[] Ints(JsonElement e) => e.EnumerateArray().Select(x => x.GetInt32()).ToArray();
        return (Ints(item.GetProperty("input_ids")), Ints(item.GetProperty("choice_ids")[target]));
    }

    [Fact]
    public void Training_pipeline_encodes_T0_examples_without_input_eos()
    {
        var tokenizer = TokenizerLoader.Load(TestPaths.RepoPath("assets", "tokenizers", "t5", "spiece.model"));
        var data = new DatasetDirectory(TestPaths.RepoPath("assets", "datasets"));
        var catalog = new MixtureCatalog(data, PromptCollectionProvider.Load(TestPaths.RepoPath("assets", "promptsource", "templates")));
        using var stream = new MixtureStream(catalog.Resolve("super_glue_rte_GPT_3_style"), data, seed: 0, shuffleBlock: 0);
        var batches = MixtureBatches<EncDecBatch>.EncoderDecoder(stream, tokenizer, FeatureConverterOptions.T0 with { EosId = null }, rows: 1);
        var first = batches.Batches().First();

        // the first packed example, exactly as transformers tokenized it for t-zero (input: no EOS; target: EOS)
        var (input, target) = GoldenIds("rte", "GPT-3 style", 0);
        Assert.Equal([2744, 9, 419, 15, 162, 6, 8, 23428, 13, 8, 7556, 14702, 419, 15, 162, 6, 65, 3977, 13, 5084, 1874, 44, 1246, 8537, 6,
            1315, 12, 8, 14702, 419, 15, 162, 2941, 5, 11860, 10, 14702, 419, 15, 162, 141, 46, 3125, 5, 10998, 42, 10747, 7, 15, 58], input);
        Assert.Equal([10747, 7, 15, 1], target);                           // "False" + EOS
        int[] Segment(int[] tokens, int[] segments, int id) => tokens.Where((_, i) => segments[i] == id).ToArray();
        Assert.Equal(input, Segment(first.EncoderInputTokens, first.EncoderSegmentIds, 1));
        Assert.Equal(target, Segment(first.DecoderTargetTokens, first.DecoderSegmentIds, 1));
        // every packed example: no EOS anywhere on the encoder side, every target ends with EOS
        Assert.DoesNotContain(tokenizer.EosId, first.EncoderInputTokens);
        for (var s = 1; s <= first.ExampleCount; s++)
            Assert.Equal(tokenizer.EosId, Segment(first.DecoderTargetTokens, first.DecoderSegmentIds, s)[^1]);
    }
}
