using T0Sharp.Data.Features;
using T0Sharp.Data.Pretraining;
using T0Sharp.Data.Tokenization;
using T0Sharp.Training.Data;
using T0Sharp.Training.Options;
using T0Sharp.Training.Setup;
using T0Sharp.Tests;

namespace T0Sharp.Training.Tests.Pretraining;

/// <summary>The pretraining part of the config schema and the training stream it builds (no model involved).</summary>
public class PretrainingSetupTests
{
    static readonly string Corpus = TestPaths.RepoPath("assets", "pretraining", "tiny-corpus.txt");

    static TrainOptions Parse(string yaml, params string[] overrides) => OptionsLoader.Parse(yaml, "p.yaml", overrides);

    [Fact]
    public void The_pretraining_section_reads_every_objective_and_its_settings()
    {
        var o = Parse($"""
            data:
              text_files: {Corpus}
              text_documents: blank_line
            pretraining:
              objective: ul2
              denoisers: "R:3:0.15, S:0.25:2"
              x_token: ""
            """, "--pretraining.clm_rate=0.3");
        Assert.Equal(PretrainingObjectiveKind.Ul2, o.Pretraining.Objective);
        Assert.Equal(PlainTextDocuments.BlankLine, o.Data.TextDocuments);
        Assert.Equal(0.3, o.Pretraining.ClmRate);
        Assert.Equal("", o.Pretraining.XToken);
        Assert.Equal(o, OptionsLoader.Parse(OptionsWriter.ToYaml(o), "resolved"));   // config.resolved.yaml round-trips
        foreach (var name in new[] { "span_corruption", "prefix_lm", "causal_lm", "alexatm", "ul2" })
            Assert.Equal(name, OptionNames.ToSnake(Parse("", "--pretraining.objective=" + name).Pretraining.Objective.ToString()));
    }

    [Fact]
    public void Bad_pretraining_settings_name_the_key()
    {
        var e = Assert.Throws<OptionsException>(() => Parse("pretraining:\n  objective: bert\n"));
        Assert.StartsWith("p.yaml:2: pretraining.objective = 'bert' is not one of: span_corruption, prefix_lm, causal_lm, alexatm, ul2", e.Message);
        e = Assert.Throws<OptionsException>(() => Parse("pretraining:\n  noise_densty: 0.2\n"));
        Assert.Contains("p.yaml:2: unknown key 'pretraining.noise_densty'; did you mean 'noise_density'?", e.Message);
        Assert.Contains("pretraining.denoisers: denoiser 'Q:1'", Assert.Throws<OptionsException>(() => Parse("", "--pretraining.denoisers=Q:1")).Message);
        Assert.Contains("pretraining.noise_density must be in (0, 1)", Assert.Throws<OptionsException>(() => Parse("", "--pretraining.noise_density=1.5")).Message);
        Assert.Contains("data.text_files and data.train_files are alternatives",
            Assert.Throws<OptionsException>(() => Parse("", "--data.text_files=a.txt", "--data.train_files=b.jsonl")).Message);
        Assert.Contains("data.validation_text_files needs data.text_files",
            Assert.Throws<OptionsException>(() => Parse("", "--data.validation_text_files=a.txt")).Message);
    }

    [Fact]
    public void Held_out_text_gives_validation_batches_with_fixed_noise()
    {
        var o = Tiny("span_corruption", 64, 16, "--data.validation_text_files=" + TestPaths.RepoPath("assets", "pretraining", "tiny-corpus-validation.txt"),
            "--eval.max_examples=10", "--data.micro_batch_size=4");
        var (_, a, description) = PretrainingSetup.Build(o, T5, DataSetup.Features(o, T5), decoderOnly: false);
        var (_, b, _) = PretrainingSetup.Build(o, T5, DataSetup.Features(o, T5), decoderOnly: false);
        Assert.EndsWith("validation: 10 held-out chunks", description);
        Assert.Equal([4, 4, 2], a.LossBatches.Select(x => x.LossTokens / 14));   // 10 examples of 14 target tokens in rows of 4
        Assert.Equal(a.LossBatches.SelectMany(x => x.EncoderInputTokens!), b.LossBatches.SelectMany(x => x.EncoderInputTokens!));
        Assert.Empty(a.RankItems);
    }

    static TrainOptions Tiny(string objective, int inputs, int targets, params string[] extra) => Parse("", [
        "--data.text_files=" + Corpus, "--data.text_documents=blank_line", "--pretraining.objective=" + objective,
        "--data.input_length=" + inputs, "--data.target_length=" + targets, "--data.pack=false", .. extra]);

    static readonly ITokenizer T5 = TokenizerLoader.Load(TestPaths.TestData("tokenizers", "t5", "spiece.model"));

    [Fact]
    public void Lengths_that_cannot_hold_the_examples_and_causal_lm_on_T5_are_configuration_errors()
    {
        var o = Tiny("span_corruption", 64, 8);
        var e = Assert.Throws<OptionsException>(() => PretrainingSetup.Build(o, T5, DataSetup.Features(o, T5), decoderOnly: false));
        Assert.Contains("set data.target_length to at least 14 (it is 8)", e.Message);
        o = Tiny("causal_lm", 32, 32);
        e = Assert.Throws<OptionsException>(() => PretrainingSetup.Build(o, T5, DataSetup.Features(o, T5), decoderOnly: false));
        Assert.Contains("causal_lm trains decoder-only models", e.Message);
        o = Tiny("prefix_lm", 32, 32, "--data.text_field=body", "--data.text_files=" + Path.Combine(Path.GetTempPath(), "t0sharp-missing-" + Guid.NewGuid().ToString("N") + ".jsonl"));
        Assert.Throws<FileNotFoundException>(() => PretrainingSetup.Build(o, T5, DataSetup.Features(o, T5), decoderOnly: false));
    }

    [Theory]
    [InlineData("span_corruption", 64, 16, false)]
    [InlineData("ul2", 64, 64, false)]
    [InlineData("causal_lm", 16, 16, true)]
    public void The_stream_yields_full_rows_and_resumes_exactly(string objective, int inputs, int targets, bool decoderOnly)
    {
        var o = Tiny(objective, inputs, targets);
        TrainingBatch Next(ITrainingStream s) => s.Next(4);
        var (a, _, description) = PretrainingSetup.Build(o, T5, DataSetup.Features(o, T5), decoderOnly);
        Assert.Contains("text file(s)", description);
        for (int i = 0; i < 5; i++) Next(a);
        var state = a.SaveState();
        var expected = Enumerable.Range(0, 80).Select(_ => Next(a)).ToList();   // crosses an epoch boundary
        var (b, _, _) = PretrainingSetup.Build(o, T5, DataSetup.Features(o, T5), decoderOnly);
        b.RestoreState(state);
        foreach (var batch in expected)
        {
            var again = Next(b);
            Assert.Equal(batch.DecoderTargetTokens, again.DecoderTargetTokens);
            Assert.Equal(batch.EncoderInputTokens, again.EncoderInputTokens);
        }
        var first = expected[0];
        Assert.Equal(decoderOnly ? inputs + targets : targets, first.TargetLength);
        if (objective == "span_corruption")
        {
            // T5's lengths: a full chunk gives exactly 64 input tokens (EOS last) and 14 targets starting with <extra_id_0>;
            // only the corpus's last, shorter chunk gives less.
            var full = 0;
            foreach (var batch in expected)
                for (int r = 0; r < batch.Rows; r++)
                {
                    if (batch.EncoderInputTokens![r * inputs + inputs - 1] != 1) continue;
                    full++;
                    Assert.Equal(32099, batch.DecoderTargetTokens[r * targets]);
                    Assert.Equal(14, batch.DecoderLossWeights.AsSpan(r * targets, targets).ToArray().Sum());
                    Assert.Equal(1, batch.DecoderTargetTokens[r * targets + 13]);
                }
            Assert.InRange(full, 80 * 4 - 3, 80 * 4);
        }
    }

    [Fact]
    public void A_compact_tokenizer_built_with_the_sentinels_keeps_them_on_top_in_order()
    {
        // The demo's closed-world vocabularies: T5's pieces of a corpus plus <extra_id_0..99>, renumbered densely.
        // (SentencePiece's own encoder reads "<extra_id_0>" in text as ordinary characters, so the sentinel ids are added by id.)
        var compact = new CompactTokenizer(T5, [.. T5.Encode(File.ReadAllText(Corpus), addSpecialTokens: false), .. Enumerable.Range(T5.VocabSize - 100, 100)]);
        var tokens = PretrainingTokens.Of(compact);
        Assert.Equal("<extra_id_0>", compact.IdToToken(tokens.FirstSentinel));
        Assert.Equal("<extra_id_1>", compact.IdToToken(tokens.FirstSentinel - 1));
        Assert.Equal("<extra_id_99>", compact.IdToToken(tokens.FirstSentinel - 99));
        var examples = PretrainingExamples.Build(RawTextFiles.Read(Corpus, plain: PlainTextDocuments.BlankLine), compact,
            SpanCorruption.T5(tokens), new FeatureLengths(64, 16), seed: 0);
        Assert.StartsWith("<extra_id_0>", compact.Decode(examples.Get(3, 0).Targets, skipSpecialTokens: false));
    }
}
