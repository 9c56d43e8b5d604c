using T0Sharp.Data.Features;
using T0Sharp.Data.Pretraining;

namespace T0Sharp.Data.Tests.Pretraining;

/// <summary>Span corruption's output layout on literal cases, with T5's sentinel ids (vocabulary 32100: &lt;extra_id_0&gt; = 32099).</summary>
public class SpanCorruptionTests
{
    static readonly PretrainingTokens T5 = new(Eos: 1, FirstSentinel: 32099);

    // T5's docstring example: "We hold these truths to be self evident that" -> "We hold X to be Y that" / "X these truths Y self evident Z".
    static readonly int[] Tokens = [100, 101, 102, 103, 104, 105, 106, 107, 108];
    static readonly bool[] Noise = [false, false, true, true, false, false, true, true, false];

    [Fact]
    public void Noise_spans_become_one_sentinel_each_counting_down()
    {
        Assert.Equal([100, 101, 32099, 104, 105, 32098, 108], SpanOperations.NoiseSpanToUniqueSentinel(Tokens, Noise, 32099));
        Assert.Equal([32099, 102, 103, 32098, 106, 107, 32097], SpanOperations.NonNoiseSpanToUniqueSentinel(Tokens, Noise, 32099));
        Assert.Equal([100, 101, 104, 105, 108], SpanOperations.DropNoiseTokens(Tokens, Noise));
        Assert.Equal([102, 103, 106, 107], SpanOperations.DropNonNoiseTokens(Tokens, Noise));
        // A mask starting with noise: the first sentinel goes first.
        Assert.Equal([32099, 102, 32098], SpanOperations.NoiseSpanToUniqueSentinel([100, 101, 102, 103], [true, true, false, true], 32099));
    }

    [Fact]
    public void An_example_is_the_inputs_and_targets_of_its_mask_each_with_eos()
    {
        var chunk = Enumerable.Range(200, 30).ToArray();
        var objective = SpanCorruption.T5(T5);
        for (int seed = 0; seed < 50; seed++)
        {
            var ex = objective.Apply(chunk, new Random(seed));
            var mask = NoiseMasks.RandomSpans(30, 0.15, 3, new Random(seed));   // the same draws
            // Built independently from the runs of the mask: inputs keep non-noise tokens and put sentinel s where span s was.
            var runs = NoiseMaskTests.Runs(mask);
            var expectedInputs = new List<int>();
            var expectedTargets = new List<int>();
            int at = 0, s = 0;
            foreach (var (start, length) in runs)
            {
                expectedInputs.AddRange(chunk[at..start]);
                expectedInputs.Add(32099 - s);
                expectedTargets.Add(32099 - s);
                expectedTargets.AddRange(chunk[start..(start + length)]);
                at = start + length;
                s++;
            }
            expectedInputs.AddRange(chunk[at..]);
            Assert.Equal([.. expectedInputs, 1], ex.Inputs);
            Assert.Equal([.. expectedTargets, 1], ex.Targets);
            // 30 tokens: round(4.5) = 4 noise tokens in round(1.33) = 1 span: inputs 26 + 1 sentinel + EOS, targets 1 + 4 + EOS.
            Assert.Equal((28, 6), (ex.Inputs.Length, ex.Targets.Length));
        }
    }

    [Fact]
    public void T5s_lengths_fill_the_inputs_exactly()
    {
        var objective = SpanCorruption.T5(T5);
        Assert.Equal(568, objective.ChunkLength(new FeatureLengths(512, 114)));
        var chunk = Enumerable.Range(5, 568).ToArray();
        for (int seed = 0; seed < 20; seed++)
        {
            var ex = objective.Apply(chunk, new Random(seed));
            Assert.Equal(512, ex.Inputs.Length);     // 483 non-noise + 28 sentinels + EOS
            Assert.Equal(114, ex.Targets.Length);    // 28 sentinels + 85 noise + EOS
        }
        var e = Assert.Throws<PretrainingLengthException>(() => objective.ChunkLength(new FeatureLengths(512, 100)));
        Assert.Contains("data.target_length to at least 114", e.Message);
    }

    [Fact]
    public void Mode_tokens_start_the_inputs_and_shrink_the_chunk()
    {
        var objective = new SpanCorruption(0.15, 3, T5, modeTokens: [7, 8]);
        var lengths = new FeatureLengths(66, 20);
        Assert.Equal(NoiseMasks.RandomSpansLengths(64, 0.15, 3).TokensLength, objective.ChunkLength(lengths));
        var ex = objective.Apply(Enumerable.Range(100, 70).ToArray(), new Random(1));
        Assert.Equal([7, 8], ex.Inputs[..2]);
        Assert.Equal(66, ex.Inputs.Length);
    }
}
