using System.Text.Json.Nodes;
using T0Sharp.Models;
using T0Sharp.Models.Adaptation;
using T0Sharp.Modular.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace T0Sharp.Modular.Tests.Methods;

/// <summary>
/// Training steps, scoring, greedy and beam generation leave no live tensors behind with the methods that compute
/// tensors per call (HINT releases them when the call ends; its inference cache holds the same count each round).
/// </summary>
public class LeakTests
{
    public static IEnumerable<object[]> Rows => new[]
    {
        """{"method": "hint", "adapter_size": 3, "prefix_length": 2, "fusion": true}""",
        """{"method": "hyper_adapters", "languages": ["en", "fr"], "task_languages": ["t_a=en", "t_b=fr", "t_c=en>fr"], "bottleneck": 3}""",
    }.Select(s => new object[] { s });

    static long Live => DisposeScopeManager.Statistics.ThreadTotalLiveCount;

    [Theory]
    [MemberData(nameof(Rows))]
    public void Training_scoring_and_generation_leave_no_live_tensors(string section)
    {
        using var model = TinyModel.Load();
        var modular = TinyModel.Attach(model, (JsonObject)JsonNode.Parse(section)!);
        AdaptationPoints.FreezeBase(model);
        using var optimizer = torch.optim.Adam(modular.Method.Module.parameters(), 1e-3);
        var scorer = new SequenceScorer(model);
        var generator = new T0Sharp.Models.Generator(model);
        ExampleConditioning Example(int task) => modular.ConditioningFor(TinyModel.Tasks.Tasks[task].Name, null)!;
        void Round()
        {
            model.Module.train();
            using (var scope = NewDisposeScope())
            {
                optimizer.zero_grad();
                var logits = model.Logits(TinyModel.Batch(TinyModel.Tasks3(0, 1, 2)));
                nn.functional.cross_entropy(logits.reshape(-1, logits.shape[2]), tensor(new long[] { 17, 29, 5, 33, 2, 1, 41, 7, 1 })).backward();
                optimizer.step();
            }
            model.Module.eval();
            using var _ = no_grad();
            scorer.ScoreTargets([new ScoreRequest([5, 6, 1], [[7, 1], [8, 9, 1]], Example(0)), new ScoreRequest([8, 1], [[4, 1]], Example(1))]);
            generator.Generate([[5, 6, 1], [7]], new GenerationOptions { MaxNewTokens = 3 }, [Example(0), Example(2)]);
            generator.Generate([5, 6, 1], new GenerationOptions { MaxNewTokens = 3, NumBeams = 2 }, Example(1));
        }
        Round(); // the optimizer allocates its state on the first step
        var baseline = Live;
        Round();
        Round();
        Assert.Equal(baseline, Live);
    }
}
