using System.Text.Json;
using T0Sharp.Models;
using T0Sharp.Models.Adaptation;
using T0Sharp.Peft.Config;
using T0Sharp.Peft.Tests.Support;

namespace T0Sharp.Peft.Tests.Parity;

/// <summary>
/// score_input.jsonl → score_expected.jsonl for every fixture through the scorer behind <c>t0sharp score --adapter</c>:
/// per-token log-probs and their sums within 1e-3 (Poly: one expected line per input and task id, in that order).
/// </summary>
public class ScoreContractTests
{
    [Theory]
    [MemberData(nameof(AdapterFixture.AllData), MemberType = typeof(AdapterFixture))]
    public void Scores_match_peft(string name)
    {
        using var fx = new AdapterFixture(name);
        using var model = fx.LoadBase();
        using var peft = PeftSetup.LoadAdapter(model, fx.Dir);
        var inputs = File.ReadAllLines(Path.Combine(fx.Dir, "score_input.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var expected = File.ReadAllLines(Path.Combine(fx.Dir, "score_expected.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var tasks = peft.Config is PolyConfig poly ? poly.NTasks : 1;
        Assert.Equal(inputs.Count * tasks, expected.Count);
        var requests = inputs.SelectMany(i => Enumerable.Range(0, tasks).Select(t => new ScoreRequest(
            AdapterFixture.Ints(i.GetProperty("input_ids")),
            i.GetProperty("targets").EnumerateArray().Select(x => (IReadOnlyList<int>)AdapterFixture.Ints(x)).ToList(),
            peft.Config is PolyConfig ? ExampleConditioning.Task(t) : null))).ToList();
        var scored = new SequenceScorer(model).ScoreTargets(requests);
        double worst = 0;
        for (var r = 0; r < expected.Count; r++)
        {
            var e = expected[r];
            Assert.Equal(peft.Config is PolyConfig ? r % tasks : null, AdapterFixture.TaskId(e));
            var sums = AdapterFixture.Doubles(e.GetProperty("scores"));
            var perToken = e.GetProperty("token_logprobs").EnumerateArray().Select(AdapterFixture.Doubles).ToList();
            for (var t = 0; t < sums.Length; t++)
            {
                Assert.Equal(perToken[t].Length, scored[r][t].Length);
                var sum = scored[r][t].Sum(x => (double)x);
                Assert.True(Math.Abs(sum - sums[t]) <= 1e-3, $"{name} line {r + 1} target {t}: {sum} vs {sums[t]}");
                worst = Math.Max(worst, Math.Abs(sum - sums[t]));
                for (var k = 0; k < perToken[t].Length; k++)
                    Assert.True(Math.Abs(scored[r][t][k] - perToken[t][k]) <= 1e-3, $"{name} line {r + 1} target {t} token {k}");
            }
        }
        ParityLog.Record(name, "score sum max |diff|", worst);
    }
}
