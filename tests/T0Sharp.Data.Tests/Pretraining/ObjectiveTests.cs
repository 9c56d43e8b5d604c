using T0Sharp.Data.Features;
using T0Sharp.Data.Pretraining;

namespace T0Sharp.Data.Tests.Pretraining;

/// <summary>Prefix LM, causal LM, span deletion and the AlexaTM / UL2 mixtures on literal chunks.</summary>
public class ObjectiveTests
{
    static readonly PretrainingTokens T5 = new(Eos: 1, FirstSentinel: 32099);
    static readonly int[] Chunk = [10, 11, 12, 13, 14, 15, 16, 17];

    [Fact]
    public void Prefix_lm_puts_the_prefix_in_the_inputs_and_the_rest_in_the_targets()
    {
        var objective = new PrefixLm(T5);
        var seen = new HashSet<int>();
        for (int seed = 0; seed < 200; seed++)
        {
            var ex = objective.Apply(Chunk, new Random(seed));
            var k = NoiseMasks.RandomPrefix(8, 0.5, new Random(seed)).Count(m => m);
            Assert.Equal([.. Chunk[..k], 1], ex.Inputs);
            Assert.Equal([.. Chunk[k..], 1], ex.Targets);
            seen.Add(k);
        }
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], seen.Order());
        Assert.Equal(16, objective.ChunkLength(new FeatureLengths(16, 32)));   // min(inputs, targets): nothing is ever cut
        Assert.Equal(9, new PrefixLm(T5, modeTokens: [5, 6, 7]).ChunkLength(new FeatureLengths(12, 32)));
    }

    [Fact]
    public void Causal_lm_rows_carry_loss_on_every_next_token()
    {
        var objective = new CausalLm();
        var lengths = new FeatureLengths(4, 4);
        Assert.Equal(8, objective.ChunkLength(lengths));
        var chunk = new[] { 10, 11, 12, 13, 14, 15, 16, 17 };
        var options = new FeatureConverterOptions(objective.ConverterLengths(lengths), Pack: false, PadId: 3, EosId: null);
        var builder = new DecoderOnlyBatchBuilder(options, rows: 1);
        Assert.True(builder.TryAdd(objective.Apply(chunk, new Random(0))));
        var b = builder.Build();
        Assert.Equal(8, b.Length);                                       // the run's row length: inputs + targets
        // As Hugging Face's shifted causal-LM loss: 7 predictions for 8 tokens (the last position is padding).
        Assert.Equal([10, 11, 12, 13, 14, 15, 16, 3], b.DecoderInputTokens);
        Assert.Equal([11, 12, 13, 14, 15, 16, 17, 3], b.DecoderTargetTokens);
        Assert.Equal([1, 1, 1, 1, 1, 1, 1, 0], b.DecoderLossWeights);
        Assert.True(objective.EosBetweenDocuments);
    }

    [Fact]
    public void Span_deletion_drops_spans_from_the_inputs_and_reconstructs_the_chunk()
    {
        var objective = new SpanDeletion(0.15, 3, T5);
        var chunk = Enumerable.Range(100, 40).ToArray();
        var ex = objective.Apply(chunk, new Random(4));
        var mask = NoiseMasks.RandomSpans(40, 0.15, 3, new Random(4));
        Assert.Equal([.. chunk.Where((_, i) => !mask[i]), 1], ex.Inputs);
        Assert.Equal([.. chunk, 1], ex.Targets);
        Assert.Equal(35, ex.Inputs.Length);          // 40 - round(6.0) noise + EOS
        Assert.Equal(31, objective.ChunkLength(new FeatureLengths(32, 64)));
    }

    [Fact]
    public void AlexaTM_mixes_causal_lm_with_a_mode_token_at_the_configured_rate()
    {
        var objective = PretrainingObjectives.AlexaTM(T5, clmRate: 0.2, clmMode: [77]);
        var chunk = Enumerable.Range(100, 30).ToArray();
        int clm = 0;
        const int draws = 10_000;
        for (int i = 0; i < draws; i++)
        {
            var ex = objective.Apply(chunk, new Random(i));
            if (ex.Inputs[0] == 77)
            {
                clm++;
                Assert.Equal(chunk, (int[])[.. ex.Inputs[1..^1], .. ex.Targets[..^1]]);   // [CLM] prefix -> continuation
            }
            else Assert.Equal([.. chunk, 1], ex.Targets);                          // denoising: the whole chunk
        }
        // sd = sqrt(10000 * 0.2 * 0.8) = 40: 5 sd.
        Assert.InRange(clm, 2000 - 200, 2000 + 200);
        Assert.Equal("AlexaTM: 80% span deletion with reconstruction (density 0.15, mean span 3) + 20% prefix LM", objective.Description);
    }

    [Fact]
    public void UL2_draws_each_denoiser_at_its_rate_with_its_mode_token()
    {
        var denoisers = Ul2Denoiser.ParseList(Ul2Denoiser.PaperSpec);
        Assert.Equal(7, denoisers.Count);
        Assert.Equal(new Ul2Denoiser('X', 64, 0.5, 1), denoisers[^1]);
        Assert.Equal(new Ul2Denoiser('S', 0, 0.25, 1), denoisers[2]);
        var objective = PretrainingObjectives.Ul2(T5, denoisers, kind => kind switch { 'R' => [90], 'X' => [91], _ => [92] });
        var lengths = new FeatureLengths(64, 64);
        var chunkLength = objective.ChunkLength(lengths);
        Assert.Equal(63, chunkLength);      // the S-denoiser's min(64 - 1, 64) is the smallest
        var chunk = Enumerable.Range(100, chunkLength).ToArray();
        var modes = new Dictionary<int, int>();
        for (int i = 0; i < 7_000; i++)
        {
            var ex = objective.Apply(chunk, new Random(i));
            modes[ex.Inputs[0]] = modes.GetValueOrDefault(ex.Inputs[0]) + 1;
            Assert.True(ex.Inputs.Length <= 64 && ex.Targets.Length <= 64);
        }
        // R: 2/7, X: 4/7, S: 1/7 of 7000 draws (sd <= 42).
        Assert.InRange(modes[90], 2000 - 200, 2000 + 200);
        Assert.InRange(modes[91], 4000 - 200, 4000 + 200);
        Assert.InRange(modes[92], 1000 - 200, 1000 + 200);
        Assert.Equal([new Ul2Denoiser('R', 3, 0.15, 2), new Ul2Denoiser('S', 0, 0.5, 1)], Ul2Denoiser.ParseList("r:3:0.15:2, S:0.5"));
        Assert.Contains("S needs a density", Assert.Throws<FormatException>(() => Ul2Denoiser.ParseList("S:0.6")).Message);
        Assert.Contains("'Q:1'", Assert.Throws<FormatException>(() => Ul2Denoiser.ParseList("R:3:0.15, Q:1")).Message);
    }
}
