using T0Sharp.Evaluation.Running;
using T0Sharp.Evaluation.Suites;
using T0Sharp.Models.Adaptation;
using T0Sharp.Tests;

namespace T0Sharp.Evaluation.Tests;

/// <summary>Task-conditioned adapters get each prompt's own conditioning, computed once per prompt from its rendered inputs.</summary>
public class PromptConditioningTests
{
    sealed class Recording : IPromptConditioning
    {
        public List<(string Task, string Template, IReadOnlyList<string> Samples)> Calls { get; } = [];

        public ExampleConditioning? For(string task, string dataset, string? subset, string template, IReadOnlyList<string> sampleInputs)
        {
            Calls.Add((task, template, sampleInputs));
            return new ExampleConditioning(TaskId: template == "t1" ? 7 : -1, InstructionIds: [template.Length]);
        }
    }

    [Fact]
    public void Every_request_carries_its_prompts_conditioning()
    {
        using var dir = TestPaths.NewTempDir();
        var scorer = new FakeScorer();
        var source = new Recording();
        var model = new EvalModel("fake", scorer, new CharTokenizer(), IsEncoderDecoder: true) { PromptConditioning = source };
        var ds = new FakeDataset([new("t1", "t1", true, [], true), new("t22", "t22", true, [], true)], [("a", "Yes"), ("NULL", "No"), ("b", "No")], ["Yes", "No"]);
        new Evaluator(model, new FakeFactory(new() { ["cb"] = ds }), new EvaluatorOptions { BatchSize = 2 })
            .Run(new EvalSuite("s", [new EvalTask { Name = "cb", Dataset = "cb", Split = "validation" }]), dir.Path);
        // once per prompt, from the inputs it renders (the NULL row renders nothing)
        Assert.Equal([("cb", "t1"), ("cb", "t22")], source.Calls.Select(c => (c.Task, c.Template)).Order());
        Assert.Equal(["t1: a", "t1: b"], source.Calls.Single(c => c.Template == "t1").Samples);
        var requests = scorer.Calls.SelectMany(c => c).ToList();
        Assert.Equal(4, requests.Count);
        foreach (var r in requests)
        {
            var t1 = r.InputIds[1] == '1' + 3 && r.InputIds[2] == ':' + 3;
            Assert.Equal(t1 ? 7 : -1, r.Conditioning!.TaskId);
            Assert.Equal([t1 ? 2 : 3], r.Conditioning.InstructionIds!);
        }
    }
}
