using T0Sharp.Models.Bloom;
using Generator = T0Sharp.Models.Generator;
using T0Sharp.Models.Tests.Checkpoints;
using static TorchSharp.torch;

namespace T0Sharp.Models.Tests.Models;

/// <summary>
/// The BLOOM fixture (bf16 weights, 6 heads, BloomModel keys without the transformer. prefix) against transformers:
/// hidden states and logits within 1e-4, continuation log-prob sums within 1e-3, greedy identical, left-padded
/// batches (pad id 3) equal to single runs.
/// </summary>
public class BloomParityTests
{
    static BloomForCausalLM Load() => (BloomForCausalLM)PretrainedModel.Load(Fixtures.Dir(Fixtures.BloomBf16));
    static Tensor Ids(IReadOnlyList<int> ids) => tensor(ids.Select(i => (long)i).ToArray(), [1, ids.Count]);

    [Fact]
    public void Hidden_states_logits_and_continuation_logprobs_match_transformers()
    {
        using var model = Load();
        using var expected = new FixtureExpectations(Fixtures.BloomBf16);
        using var _ = no_grad();
        for (int i = 0; i < expected.InputCount; i++)
        {
            using var scope = NewDisposeScope();
            var ids = FixtureExpectations.Ints(expected.Input(i).GetProperty("input_ids"));
            var states = new List<Tensor>();
            var hidden = model.Transformer.call(new CausalInput(Ids(ids), HiddenStates: states));
            TensorAssert.Close(expected.Tensor($"in{i}.last_hidden_state"), hidden[0], $"bloom in{i} last_hidden_state");
            TensorAssert.Close(expected.Tensor($"in{i}.logits"), model.LmHead(hidden)[0], $"bloom in{i} logits");
            if (i == 0)
                for (int k = 0; expected.HasTensor($"in0.hidden_states.{k}"); k++)
                    TensorAssert.Close(expected.Tensor($"in0.hidden_states.{k}"), states[k][0], $"bloom hidden_states.{k}");

            // log p(x_t | x_<t) for t >= 1: the continuation of the first token by the rest
            var perToken = new SequenceScorer(model).ScoreTargets(ids.Take(1).ToList(), [ids.Skip(1).ToList()])[0];
            var expectedTokens = FixtureExpectations.Doubles(expected.Input(i).GetProperty("next_token_logprobs_of_input"));
            Assert.Equal(expectedTokens.Length, perToken.Length);
            for (int t = 0; t < perToken.Length; t++) Assert.InRange(perToken[t], expectedTokens[t] - 1e-3, expectedTokens[t] + 1e-3);
            double sum = expected.Input(i).GetProperty("next_token_logprob_sum").GetDouble();
            Assert.InRange(perToken.Sum(x => (double)x), sum - 1e-3, sum + 1e-3);
        }
    }

    [Fact]
    public void Greedy_sequences_are_identical_single_and_left_padded_batch()
    {
        using var model = Load();
        using var expected = new FixtureExpectations(Fixtures.BloomBf16);
        var prompts = Enumerable.Range(0, expected.InputCount).Select(i => (IReadOnlyList<int>)FixtureExpectations.Ints(expected.Input(i).GetProperty("input_ids"))).ToList();
        var options = new GenerationOptions { MaxNewTokens = expected.Input(0).GetProperty("greedy").GetProperty("max_new_tokens").GetInt32() };
        var batched = new Generator(model).Generate(prompts, options);
        var batchedExpected = expected.Root.GetProperty("batched").GetProperty("greedy_sequences");
        int width = prompts.Max(p => p.Count);
        for (int i = 0; i < prompts.Count; i++)
        {
            var single = new Generator(model).Generate(prompts[i], options);
            var hf = FixtureExpectations.Ints(expected.Input(i).GetProperty("greedy").GetProperty("sequences"));
            Assert.Equal(hf.Skip(prompts[i].Count).ToArray(), single); // HF's sequences include the prompt
            Assert.Equal(FixtureExpectations.Ints(batchedExpected[i]).Skip(width).ToArray(), batched[i]);
        }
    }

    [Fact]
    public void Left_padded_batch_logits_equal_single_runs()
    {
        using var model = Load();
        using var expected = new FixtureExpectations(Fixtures.BloomBf16);
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var prompts = Enumerable.Range(0, expected.InputCount).Select(i => FixtureExpectations.Ints(expected.Input(i).GetProperty("input_ids"))).ToList();
        int w = prompts.Max(p => p.Length);
        var ids = new long[prompts.Count * w];
        var mask = new long[prompts.Count * w];
        for (int i = 0; i < prompts.Count; i++)
            for (int j = 0; j < w; j++)
            {
                int k = j - (w - prompts[i].Length);
                ids[i * w + j] = k >= 0 ? prompts[i][k] : 3;
                mask[i * w + j] = k >= 0 ? 1 : 0;
            }
        var batched = model.Logits(new ModelBatch(tensor(ids, [prompts.Count, w]), AttentionMask: tensor(mask, [prompts.Count, w])));
        for (int i = 0; i < prompts.Count; i++)
        {
            var valid = batched[i].narrow(0, w - prompts[i].Length, prompts[i].Length);
            TensorAssert.Close(expected.Tensor($"in{i}.logits"), valid, $"bloom left-padded row {i}");
        }
    }
}
