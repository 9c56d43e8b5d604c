using System.Text.Json;
using T0Sharp.Data.Tokenization;
using T0Sharp.Evaluation.Results;
using T0Sharp.Evaluation.Running;
using T0Sharp.Evaluation.Suites;
using T0Sharp.Models;
using T0Sharp.Tests;
using TorchSharp;

namespace T0Sharp.Evaluation.Tests;

/// <summary>
/// The evaluator on the tiny fixture checkpoints: the stored per-choice sums must equal the reference
/// <c>label_logprob_sum</c> (T5 family) / <c>next_token_logprob_sum</c> (BLOOM) computed by transformers.
/// Texts map to the fixture's token ids through a lookup tokenizer, so the whole text → ids → scorer → record path runs.
/// </summary>
public class ModelFixtureTests
{
    /// <summary>Maps registered strings to fixed ids; EOS appended when asked if <paramref name="postProcessorEos"/> (as T5 does; BLOOM's adds nothing).</summary>
    sealed class LookupTokenizer(Dictionary<string, int[]> ids, int eos, bool postProcessorEos = true) : ITokenizer
    {
        public int VocabSize => 2048;
        public int PadId => 0;
        public int EosId => eos;
        public int UnkId => 2;
        public IReadOnlyList<int> Encode(string text, bool addSpecialTokens = true) =>
            [.. ids[text], .. addSpecialTokens && postProcessorEos ? new[] { eos } : []];
        public string Decode(IEnumerable<int> x, bool skipSpecialTokens = true) => string.Join(' ', x);
        public string? IdToToken(int id) => id.ToString();
    }

    static JsonElement Expected(string model) =>
        JsonDocument.Parse(File.ReadAllText(TestPaths.TestData("models", model, "expected_outputs.json"))).RootElement;

    static int[] Ints(JsonElement e) => e.EnumerateArray().Select(x => x.GetInt32()).ToArray();

    [Theory]
    [InlineData("tiny-t5-v1_0-relu", true)]
    [InlineData("tiny-t0-t5-v1_1-gated-gelu", true)]
    [InlineData("tiny-t0-t5-v1_1-gated-gelu", false)]
    public void T5_scores_equal_the_reference_label_logprob_sums(string fixture, bool reuse)
    {
        var inputs = Expected(fixture).GetProperty("inputs").EnumerateArray().ToList();
        var ids = new Dictionary<string, int[]>();
        for (var i = 0; i < inputs.Count; i++)
        {
            ids[$"in{i}"] = Ints(inputs[i].GetProperty("input_ids"))[..^1]; // the tokenizer appends EOS again
            ids[$"lab{i}"] = Ints(inputs[i].GetProperty("labels"))[..^1];
        }
        using var lm = PretrainedModel.Load(TestPaths.TestData("models", fixture));
        // the reference inputs end with EOS: t-few's convention (EOS on inputs and choices) reproduces them
        var model = ModelLoader.Wrap(lm, new LookupTokenizer(ids, 1), fixture, reuse, Data.Features.EosConvention.TFew);
        // example i gets choices lab0..lab_i: 1, 2 and 3 choices in one batch
        var rows = Enumerable.Range(0, inputs.Count).Select(i => ($"in{i}", $"lab{i}")).ToArray();
        var ds = new ChoicesDataset(rows, i => Enumerable.Range(0, i + 1).Select(j => $"lab{j}").ToList());
        using var dir = TestPaths.NewTempDir();
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        new Evaluator(model, new FakeFactory(new() { ["fx"] = ds }), new EvaluatorOptions { BatchSize = 3 })
            .Run(new EvalSuite("s", [new EvalTask { Name = "fx", Dataset = "fx", Split = "validation" }]), dir.Path);
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount); // no tensor leaked by scoring
        var recs = ResultStore.ReadAll(dir.File("examples.jsonl")).OrderBy(r => r.Index).ToList();
        for (var i = 0; i < inputs.Count; i++)
        {
            Assert.Equal(i + 1, recs[i].LogProbSum!.Count);
            Assert.Equal(inputs[i].GetProperty("label_logprob_sum").GetDouble(), recs[i].LogProbSum![i], 1e-3);
            Assert.Equal(Ints(inputs[i].GetProperty("labels")).Length, recs[i].TokenCounts![i]);
        }
    }

    [Fact]
    public void Bloom_continuation_scores_equal_the_reference_next_token_logprobs()
    {
        var inputs = Expected("tiny-bloomz-bloom-bf16").GetProperty("inputs").EnumerateArray().ToList();
        var ids = new Dictionary<string, int[]>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var all = Ints(inputs[i].GetProperty("input_ids"));
            ids[$"in{i}"] = all[..1];
            ids[$" rest{i}"] = all[1..]; // decoder-only choices are scored as " " + choice after the input
        }
        using var lm = PretrainedModel.Load(TestPaths.TestData("models", "tiny-bloomz-bloom-bf16"));
        var model = ModelLoader.Wrap(lm, new LookupTokenizer(ids, 2, postProcessorEos: false), "bloom");
        var ds = new ChoicesDataset(Enumerable.Range(0, inputs.Count).Select(i => ($"in{i}", $"rest{i}")).ToArray(),
            i => [$"rest{i}", $"rest{(i + 1) % 3}"]);
        using var dir = TestPaths.NewTempDir();
        new Evaluator(model, new FakeFactory(new() { ["fx"] = ds }), new EvaluatorOptions { BatchSize = 2 })
            .Run(new EvalSuite("s", [new EvalTask { Name = "fx", Dataset = "fx", Split = "validation" }]), dir.Path);
        var recs = ResultStore.ReadAll(dir.File("examples.jsonl")).OrderBy(r => r.Index).ToList();
        for (var i = 0; i < inputs.Count; i++)
        {
            Assert.Equal(inputs[i].GetProperty("next_token_logprob_sum").GetDouble(), recs[i].LogProbSum![0], 1e-3);
        }
    }

    [Fact]
    public void Generator_adapter_reproduces_the_reference_greedy_sequences()
    {
        var inputs = Expected("tiny-t5-v1_0-relu").GetProperty("inputs").EnumerateArray().ToList();
        using var lm = PretrainedModel.Load(TestPaths.TestData("models", "tiny-t5-v1_0-relu"));
        var gen = new Scoring.ModelTextGenerator(lm, eosId: 1);
        var outputs = gen.Generate(inputs.Select(i => (IReadOnlyList<int>)Ints(i.GetProperty("input_ids"))).ToList(), new Scoring.GenerationOptions(MaxNewTokens: 24));
        for (var i = 0; i < inputs.Count; i++)
        {
            var seq = Ints(inputs[i].GetProperty("greedy").GetProperty("sequences"));
            Assert.Equal(seq.Skip(1).TakeWhile(t => t != 1), outputs[i]); // without the start token and EOS
        }
    }

    /// <summary>Rows of (input, target) whose choices depend on the row.</summary>
    sealed class ChoicesDataset((string Input, string Target)[] rows, Func<int, IReadOnlyList<string>> choices) : IPromptedDataset
    {
        public IReadOnlyList<TemplateInfo> Templates { get; } = [new("t", "t", true, ["Accuracy"], true)];
        public int Count => rows.Length;
        public RenderedPrompt? Render(int templateIndex, int exampleIndex) =>
            new(rows[exampleIndex].Input, rows[exampleIndex].Target, choices(exampleIndex));
    }
}
