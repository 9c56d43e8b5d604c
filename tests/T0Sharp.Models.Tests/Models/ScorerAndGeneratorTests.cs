using static TorchSharp.torch;

namespace T0Sharp.Models.Tests.Models;

public class ScorerAndGeneratorTests
{
    static ILanguageModel Tiny(string family, long seed) =>
        PretrainedModel.Create(family == "t5" ? T5Config.Tiny : BloomConfig.Tiny, seed: seed);

    [Theory]
    [InlineData("t5")]
    [InlineData("bloom")]
    public void Reusing_the_input_agrees_with_the_naive_path_and_with_teacher_forced_logits(string family)
    {
        using var model = Tiny(family, 11);
        model.Module.eval();
        int[] input = [5, 17, 33, 2, 1];
        int[][] targets = [[40, 41, 1], [7], [9, 10, 11, 12, 1], []];
        var reused = new SequenceScorer(model).ScoreTargets(input, targets);
        var naive = new SequenceScorer(model) { ReuseInput = false }.ScoreTargets(input, targets);
        for (int i = 0; i < targets.Length; i++)
        {
            Assert.Equal(targets[i].Length, reused[i].Length);
            for (int t = 0; t < targets[i].Length; t++) Assert.Equal(naive[i][t], reused[i][t], 1e-5f);
        }

        // each target alone, by hand from full teacher-forced logits
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var t2 = targets[2];
        Tensor logits; int offset;
        if (model.IsEncoderDecoder)
        {
            logits = model.Logits(new ModelBatch(Row(input), Row([0, .. t2[..^1]])));
            offset = 0;
        }
        else
        {
            logits = model.Logits(new ModelBatch(Row([.. input, .. t2])));
            offset = input.Length - 1;
        }
        var lp = logits.log_softmax(-1);
        for (int t = 0; t < t2.Length; t++)
            Assert.Equal(lp[0, offset + t, t2[t]].item<float>(), reused[2][t], 1e-5f);
    }

    [Theory]
    [InlineData("t5", 2, 0)]
    [InlineData("t5", 64, 0)]
    [InlineData("t5", 64, 8)]   // at most 8 encoder positions per batch: groups split by input length, order restored
    [InlineData("t5", 64, 1)]   // every input alone
    [InlineData("bloom", 64, 0)]
    public void Batched_requests_with_different_choice_counts_equal_single_requests(string family, int maxTargets, int inputTokens)
    {
        using var model = Tiny(family, 12);
        model.Module.eval();
        var scorer = new SequenceScorer(model) { MaxTargetsPerBatch = maxTargets, MaxInputTokensPerBatch = inputTokens };
        var requests = new List<ScoreRequest>
        {
            new([5, 6, 1], [[7, 1], [8, 1], [9, 9, 1]]),
            new([10, 1], [[11, 1]]),
            new([12, 13, 14, 1], []),
            new([15, 16, 17, 18, 19, 1], [[20], [21, 22, 23, 24, 1]]),
        };
        var batched = scorer.ScoreTargets(requests);
        Assert.Equal([3, 1, 0, 2], batched.Select(b => b.Count));
        for (int r = 0; r < requests.Count; r++)
        {
            var single = new SequenceScorer(model).ScoreTargets(requests[r].InputIds, requests[r].Targets);
            for (int i = 0; i < single.Count; i++)
            {
                Assert.Equal(single[i].Length, batched[r][i].Length);
                for (int t = 0; t < single[i].Length; t++) Assert.Equal(single[i][t], batched[r][i][t], 1e-5f); // padded batches: fp32 rounding only
            }
        }
    }

    [Theory]
    [InlineData("t5")]
    [InlineData("bloom")]
    public void One_beam_is_greedy_and_more_beams_never_score_worse(string family)
    {
        using var model = Tiny(family, 13);
        model.Module.eval();
        int[] prompt = [5, 17, 33, 1];
        var greedy = new Generator(model).Generate(prompt, new GenerationOptions { MaxNewTokens = 6 });
        var oneBeam = new Generator(model).Generate(prompt, new GenerationOptions { MaxNewTokens = 6, NumBeams = 1 });
        Assert.Equal(greedy, oneBeam);
        var beam = new Generator(model).Generate(prompt, new GenerationOptions { MaxNewTokens = 6, NumBeams = 4, LengthPenalty = 0 });
        // with length_penalty 0 the beam objective is the plain sum of log-probs, which beam search can only improve on greedy
        var scorer = new SequenceScorer(model);
        float Sum(int[] seq) => scorer.ScoreTargets(prompt, [seq])[0].Sum();
        Assert.True(Sum(beam) >= Sum(greedy) - 1e-4, $"beam {Sum(beam)} < greedy {Sum(greedy)}");
        Assert.InRange(beam.Length, 1, 6);
    }

    [Fact]
    public void Sampling_is_reproducible_with_a_seed_and_a_tiny_top_p_is_greedy()
    {
        using var model = Tiny("bloom", 14);
        model.Module.eval();
        int[] prompt = [5, 17, 33];
        var o = new GenerationOptions { MaxNewTokens = 8, DoSample = true, Seed = 42, Temperature = 1.5 };
        var a = new Generator(model).Generate(prompt, o);
        var b = new Generator(model).Generate(prompt, o);
        Assert.Equal(a, b);
        var nucleus = new Generator(model).Generate(prompt, o with { TopP = 1e-6 });
        Assert.Equal(new Generator(model).Generate(prompt, new GenerationOptions { MaxNewTokens = 8 }), nucleus);
    }

    [Fact]
    public void Bad_generation_options_are_refused_with_the_option_name()
    {
        Assert.Contains("num-beams", Assert.Throws<ArgumentException>(() => new GenerationOptions { NumBeams = 0 }.Validate()).Message);
        Assert.Contains("top-p", Assert.Throws<ArgumentException>(() => new GenerationOptions { TopP = 1.5 }.Validate()).Message);
        Assert.Contains("temperature", Assert.Throws<ArgumentException>(() => new GenerationOptions { Temperature = 0 }.Validate()).Message);
    }

    static Tensor Row(params int[] v) => tensor(v.Select(x => (long)x).ToArray(), [1, v.Length]);
}
