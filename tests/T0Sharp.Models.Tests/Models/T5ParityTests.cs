using Generator = T0Sharp.Models.Generator;
using T0Sharp.Models.T5;
using T0Sharp.Models.Tests.Checkpoints;
using static TorchSharp.torch;

namespace T0Sharp.Models.Tests.Models;

/// <summary>
/// The T5-family fixtures against Hugging Face transformers' outputs: encoder/decoder hidden states and logits within
/// 1e-4, label log-prob sums within 1e-3, greedy sequences identical, right-padded batches equal to single runs.
/// </summary>
public class T5ParityTests
{
    public static TheoryData<string> T5Fixtures => new(Fixtures.T0GatedGelu, Fixtures.Mt0Sharded, Fixtures.T5Relu);

    static T5ForConditionalGeneration Load(string fixture) => (T5ForConditionalGeneration)PretrainedModel.Load(Fixtures.Dir(fixture));

    static Tensor Ids(int[] ids) => tensor(ids.Select(i => (long)i).ToArray(), [1, ids.Length]);

    [Theory, MemberData(nameof(T5Fixtures))]
    public void Hidden_states_logits_and_label_logprobs_match_transformers(string fixture)
    {
        using var model = Load(fixture);
        using var expected = new FixtureExpectations(fixture);
        using var _ = no_grad();
        for (int i = 0; i < expected.InputCount; i++)
        {
            using var scope = NewDisposeScope();
            var input = expected.Input(i);
            var encoderStates = new List<Tensor>();
            var decoderStates = new List<Tensor>();
            var encoded = model.Encode(new EncoderInput(Ids(FixtureExpectations.Ints(input.GetProperty("input_ids"))), HiddenStates: encoderStates)).Hidden;
            TensorAssert.Close(expected.Tensor($"in{i}.encoder_last_hidden_state"), encoded[0], $"{fixture} in{i} encoder_last_hidden_state");
            var decoderIds = Ids(FixtureExpectations.Ints(input.GetProperty("decoder_input_ids")));
            var hidden = model.DecoderHidden(new DecoderInput(decoderIds, encoded, HiddenStates: decoderStates));
            var logits = model.LmHead(hidden);
            TensorAssert.Close(expected.Tensor($"in{i}.logits"), logits[0], $"{fixture} in{i} logits");
            if (i == 0)
            {
                for (int k = 0; expected.HasTensor($"in0.encoder_hidden_states.{k}"); k++)
                    TensorAssert.Close(expected.Tensor($"in0.encoder_hidden_states.{k}"), encoderStates[k][0], $"{fixture} encoder_hidden_states.{k}");
                for (int k = 0; expected.HasTensor($"in0.decoder_hidden_states.{k}"); k++)
                    TensorAssert.Close(expected.Tensor($"in0.decoder_hidden_states.{k}"), decoderStates[k][0], $"{fixture} decoder_hidden_states.{k}");
                Assert.Equal(model.Config.NumLayers + 1, encoderStates.Count);
            }

            var labels = FixtureExpectations.Ints(input.GetProperty("labels"));
            var perToken = new SequenceScorer(model).ScoreTargets(FixtureExpectations.Ints(input.GetProperty("input_ids")), [labels])[0];
            var expectedTokens = FixtureExpectations.Doubles(input.GetProperty("label_token_logprobs"));
            for (int t = 0; t < labels.Length; t++) Assert.InRange(perToken[t], expectedTokens[t] - 1e-3, expectedTokens[t] + 1e-3);
            Assert.InRange(perToken.Sum(x => (double)x), input.GetProperty("label_logprob_sum").GetDouble() - 1e-3, input.GetProperty("label_logprob_sum").GetDouble() + 1e-3);
        }
    }

    [Theory, MemberData(nameof(T5Fixtures))]
    public void Greedy_sequences_are_identical_single_and_batched(string fixture)
    {
        using var model = Load(fixture);
        using var expected = new FixtureExpectations(fixture);
        var inputs = Enumerable.Range(0, expected.InputCount).Select(i => (IReadOnlyList<int>)FixtureExpectations.Ints(expected.Input(i).GetProperty("input_ids"))).ToList();
        var options = new GenerationOptions { MaxNewTokens = expected.Input(0).GetProperty("greedy").GetProperty("max_new_tokens").GetInt32() };
        var single = inputs.Select(p => new Generator(model) { BatchSize = 1 }.Generate(p, options)).ToList();
        var batched = new Generator(model).Generate(inputs, options);
        var batchedExpected = expected.Root.GetProperty("batched").GetProperty("greedy_sequences");
        for (int i = 0; i < inputs.Count; i++)
        {
            var hf = FixtureExpectations.Ints(expected.Input(i).GetProperty("greedy").GetProperty("sequences"));
            // HF's sequences start with the decoder start token and pad rows that finished
            Assert.Equal(UntilEos(hf.Skip(1), 1), single[i]);
            Assert.Equal(UntilEos(FixtureExpectations.Ints(batchedExpected[i]).Skip(1), 1), batched[i]);
        }
    }

    internal static int[] UntilEos(IEnumerable<int> ids, int eos)
    {
        var list = new List<int>();
        foreach (var id in ids) { list.Add(id); if (id == eos) break; }
        return [.. list];
    }

    [Theory, MemberData(nameof(T5Fixtures))]
    public void Right_padded_batch_equals_single_runs(string fixture)
    {
        using var model = Load(fixture);
        using var expected = new FixtureExpectations(fixture);
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var inputs = Enumerable.Range(0, expected.InputCount).Select(i => (IReadOnlyList<int>)FixtureExpectations.Ints(expected.Input(i).GetProperty("input_ids"))).ToList();
        var (ids, mask) = PadRight(inputs, 0);
        var batched = model.Encode(new EncoderInput(ids, mask)).Hidden;
        for (int i = 0; i < inputs.Count; i++)
        {
            var single = model.Encode(new EncoderInput(Ids([.. inputs[i]]))).Hidden;
            TensorAssert.Close(single[0], batched[i].narrow(0, 0, inputs[i].Count), $"{fixture} batched encoder row {i}", atol: 1e-5, rtol: 1e-5);
        }
    }

    internal static (Tensor ids, Tensor mask) PadRight(IReadOnlyList<IReadOnlyList<int>> rows, long pad)
    {
        int w = rows.Max(r => r.Count);
        var ids = new long[rows.Count * w];
        var mask = new long[rows.Count * w];
        for (int i = 0; i < rows.Count; i++)
            for (int j = 0; j < w; j++)
            {
                ids[i * w + j] = j < rows[i].Count ? rows[i][j] : pad;
                mask[i * w + j] = j < rows[i].Count ? 1 : 0;
            }
        return (tensor(ids, [rows.Count, w]), tensor(mask, [rows.Count, w]));
    }
}
