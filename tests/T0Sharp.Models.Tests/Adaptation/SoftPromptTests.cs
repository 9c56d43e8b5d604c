using T0Sharp.Models.Bloom;
using T0Sharp.Models.T5;
using T0Sharp.Models.Tests.Models;
using static TorchSharp.torch;

namespace T0Sharp.Models.Tests.Adaptation;

/// <summary>
/// A soft prompt equal to the embeddings of tokens X must give exactly what the model gives for the input with X
/// written in front of it: encoder outputs, teacher-forced logits, scores (reused, naive and batched with padding)
/// and generation. This checks the prompt's placement, the extended masks and positions against the model itself.
/// </summary>
public class SoftPromptTests
{
    static readonly long[] X = [11, 23, 5];
    static Tensor Row(params long[] v) => tensor(v, [1, v.Length]);

    [Fact]
    public void T5_prompt_equals_the_same_tokens_in_front_of_the_input()
    {
        using var model = (T5ForConditionalGeneration)PretrainedModel.Create(T5Config.Tiny, seed: 21);
        model.eval();
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        long[] input = [7, 40, 41, 1], dec = [0, 9, 8];
        var explicitEncoded = model.Encode(new EncoderInput(Row([.. X, .. input])));
        var explicitLogits = model.Logits(new ModelBatch(Row([.. X, .. input]), Row(dec)));
        model.Adaptation.AddPromptProvider(new FixedPrompt(model.EmbeddingMatrix.index_select(0, tensor(X)).unsqueeze(0)));
        var prompted = model.Encode(new EncoderInput(Row(input)));
        Assert.Null(prompted.Mask);
        TensorAssert.Close(explicitEncoded.Hidden, prompted.Hidden, "encoder output", 1e-6, 1e-6);
        TensorAssert.Close(explicitLogits, model.Logits(new ModelBatch(Row(input), Row(dec))), "teacher-forced logits", 1e-6, 1e-6);

        // padded batch: the prompt goes before the real tokens, the mask grows by P ones in front
        var padded = model.Encode(new EncoderInput(tensor(new long[] { 7, 40, 41, 1, 5, 1, 0, 0 }, [2, 4]), tensor(new long[] { 1, 1, 1, 1, 1, 1, 0, 0 }, [2, 4])));
        Assert.Equal(new long[] { 1, 1, 1, 1, 1, 1, 1, /* row 1: */ 1, 1, 1, 1, 1, 0, 0 }, padded.Mask!.view(-1).data<long>().ToArray());
        var alone = model.Encode(new EncoderInput(Row(5, 1)));
        TensorAssert.Close(alone.Hidden[0], padded.Hidden[1].narrow(0, 0, 5), "padded row", 1e-5, 1e-5);
    }

    [Theory]
    [InlineData("t5", true)]
    [InlineData("t5", false)]
    [InlineData("bloom", true)]
    [InlineData("bloom", false)]
    public void Scores_with_a_prompt_equal_scores_of_the_prefixed_input(string family, bool reuse)
    {
        using var model = PretrainedModel.Create(family == "t5" ? T5Config.Tiny : BloomConfig.Tiny, seed: 22);
        model.Module.eval();
        int[][] inputs = [[7, 40, 41, 1], [5, 1]];
        int[][] targets = [[9, 8, 1], [3], [12, 13]];
        var explicitScores = new SequenceScorer(model) { ReuseInput = reuse }
            .ScoreTargets(inputs.Select(i => new ScoreRequest([.. X.Select(x => (int)x), .. i], targets)).ToList());
        using (var _ = no_grad())
            model.Adaptation.AddPromptProvider(new FixedPrompt(Embeddings(model).index_select(0, tensor(X)).unsqueeze(0).detach().clone()));
        var promptedScores = new SequenceScorer(model) { ReuseInput = reuse }
            .ScoreTargets(inputs.Select(i => new ScoreRequest(i, targets)).ToList());
        for (var r = 0; r < inputs.Length; r++)
            for (var t = 0; t < targets.Length; t++)
                for (var j = 0; j < targets[t].Length; j++)
                    Assert.Equal(explicitScores[r][t][j], promptedScores[r][t][j], 1e-5f);
    }

    [Theory]
    [InlineData("t5", 1)]
    [InlineData("t5", 3)]
    [InlineData("bloom", 1)]
    [InlineData("bloom", 3)]
    public void Generation_with_a_prompt_equals_generation_from_the_prefixed_prompt(string family, int beams)
    {
        using var model = PretrainedModel.Create(family == "t5" ? T5Config.Tiny : BloomConfig.Tiny, seed: 23);
        model.Module.eval();
        int[][] prompts = [[7, 40, 41, 1], [5, 2]];
        var options = new GenerationOptions { MaxNewTokens = 6, NumBeams = beams, EosTokenId = 1 };
        var explicitOut = new Generator(model).Generate(prompts.Select(p => (IReadOnlyList<int>)[.. X.Select(x => (int)x), .. p]).ToList(), options);
        using (var _ = no_grad())
            model.Adaptation.AddPromptProvider(new FixedPrompt(Embeddings(model).index_select(0, tensor(X)).unsqueeze(0).detach().clone()));
        var promptedOut = new Generator(model).Generate(prompts.Select(p => (IReadOnlyList<int>)p).ToList(), options);
        for (var i = 0; i < prompts.Length; i++) Assert.Equal(explicitOut[i], promptedOut[i]);
    }

    [Fact]
    public void Bloom_prompt_logits_cover_the_callers_positions_and_the_cache_continues_them()
    {
        using var model = (BloomForCausalLM)PretrainedModel.Create(BloomConfig.Tiny, seed: 24);
        model.eval();
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        long[] ids = [5, 9, 14, 11, 2];
        var all = model.Logits(new ModelBatch(Row([.. X, .. ids])));
        model.Adaptation.AddPromptProvider(new FixedPrompt(model.EmbeddingMatrix.index_select(0, tensor(X)).unsqueeze(0)));
        var prompted = model.Logits(new ModelBatch(Row(ids)));
        Assert.Equal(new long[] { 1, ids.Length, BloomConfig.Tiny.VocabSize }, prompted.shape);
        TensorAssert.Close(all[0].narrow(0, X.Length, ids.Length), prompted[0], "prompted logits", 1e-5, 1e-5);
        using var cache = model.NewCache();
        var first = model.ForwardLogits(new CausalInput(Row(ids[..2]), Cache: cache));
        Assert.Equal(X.Length, cache.VirtualLength);
        TensorAssert.Close(prompted[0].narrow(0, 0, 2), first[0], "first call", 1e-5, 1e-5);
        for (var t = 2; t < ids.Length; t++)
        {
            var step = model.ForwardLogits(new CausalInput(Row(ids[t]), ones(1, t + 1, dtype: ScalarType.Int64), cache));
            TensorAssert.Close(prompted[0, t], step[0, 0], $"cached step {t}", 1e-5, 1e-5);
        }
    }

    static Tensor Embeddings(ILanguageModel m) => m switch
    {
        T5ForConditionalGeneration t5 => t5.EmbeddingMatrix,
        BloomForCausalLM bloom => bloom.EmbeddingMatrix,
        _ => throw new ArgumentException(m.GetType().Name),
    };
}
