using System.Text.Json;
using T0Sharp.Models;
using T0Sharp.Models.Adaptation;
using static TorchSharp.torch;

namespace T0Sharp.Peft.Tests.Support;

/// <summary>Runs a fixture case as the fixture generator ran it in PEFT (teacher-forced logits, HF labels= loss).</summary>
internal static class FixtureRuns
{
    /// <summary>
    /// Logits of one case in fp32: T5 (T, V) teacher-forced with labels shifted right; BLOOM (S, V) over the input, or
    /// (P + S, V) with a soft prompt's positions first (as the fixture stores them).
    /// </summary>
    public static Tensor Logits(ILanguageModel model, JsonElement c)
    {
        var conditioning = AdapterFixture.TaskId(c) is { } t ? Conditioning.ForTask(t, 1, model.Device) : null;
        var input = Row(AdapterFixture.Ints(c.GetProperty("input_ids")));
        if (model is ICausalLM causal)
        {
            var states = new List<Tensor>();
            causal.Hidden(new CausalInput(input, HiddenStates: states, Conditioning: conditioning));
            return ((Models.Bloom.BloomForCausalLM)causal).LmHead(states[^1])[0];
        }
        var labels = AdapterFixture.Ints(c.GetProperty("labels"));
        return model.Logits(new ModelBatch(input, Row([0, .. labels[..^1]]), Conditioning: conditioning))[0];
    }

    /// <summary>HF's labels= loss (mean token NLL) of a case, as the fixture's grad_case computed it.</summary>
    public static Tensor Loss(ILanguageModel model, JsonElement c, int virtualTokens)
    {
        var logits = Logits(model, c);
        var ids = AdapterFixture.Ints(c.GetProperty("input_ids"));
        if (model.IsEncoderDecoder)
            return nn.functional.cross_entropy(logits, tensor(AdapterFixture.Ints(c.GetProperty("labels")).Select(x => (long)x).ToArray()));
        // PEFT pads the labels with -100 for the virtual tokens, so the last virtual position predicts the first token.
        var start = virtualTokens > 0 ? virtualTokens - 1 : 0;
        var targets = virtualTokens > 0 ? ids : ids[1..];
        return nn.functional.cross_entropy(logits.narrow(0, start, targets.Length), tensor(targets.Select(x => (long)x).ToArray()));
    }

    public static Tensor Row(IReadOnlyList<int> ids) => tensor(ids.Select(x => (long)x).ToArray(), [1, ids.Count]);

    /// <summary>Σ log p(token) in float64 over <paramref name="tokens"/>, each predicted by the row at the same index of <paramref name="logits"/>.</summary>
    public static double LogProbSum(Tensor logits, IReadOnlyList<int> tokens)
    {
        using var scope = NewDisposeScope();
        var lp = logits.to(ScalarType.Float64).log_softmax(-1);
        return tokens.Select((t, i) => lp[i, t].item<double>()).Sum();
    }
}
