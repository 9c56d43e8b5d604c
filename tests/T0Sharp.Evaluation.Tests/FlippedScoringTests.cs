using T0Sharp.Data.Tasks;
using T0Sharp.Evaluation.Results;
using T0Sharp.Evaluation.Running;
using T0Sharp.Evaluation.Scoring;
using T0Sharp.Evaluation.Suites;
using T0Sharp.Prompts.Templates;
using T0Sharp.Tests;

namespace T0Sharp.Evaluation.Tests;

/// <summary><c>eval --scoring flipped</c>: argmax over labels of log P(instruction | input, label), on literal inputs.</summary>
public sealed class FlippedScoringTests : IDisposable
{
    readonly TempDir _dir = TestPaths.NewTempDir();
    public void Dispose() => _dir.Dispose();

    /// <summary>
    /// Every target token scores -1, and -0.5 when the input ends with "output: No": a model that finds the
    /// instruction likelier under "No". Plain choice scoring (the targets "Yes"/"No") still prefers nothing but length.
    /// </summary>
    sealed class LabelSensitiveScorer : IChoiceScorer
    {
        public List<ChoiceScoringRequest> Requests { get; } = [];
        public IReadOnlyList<IReadOnlyList<float[]>> Score(IReadOnlyList<ChoiceScoringRequest> requests)
        {
            Requests.AddRange(requests);
            var tok = new CharTokenizer();
            return requests.Select(r =>
            {
                var underNo = tok.Decode(r.InputIds).EndsWith("output: No", StringComparison.Ordinal);
                return (IReadOnlyList<float[]>)r.ChoiceIds.Select(c => c.Select(_ => underNo ? -0.5f : -1f).ToArray()).ToList();
            }).ToList();
        }
    }

    sealed class Source(PromptTemplate t) : IEvalTemplateSource
    {
        public IReadOnlyList<EvalTemplate> ForDataset(string dataset, string? subset) =>
            dataset == "toy" ? [new EvalTemplate(new TemplateInfo(t.Name, t.Id, true, ["Accuracy"], true), new PromptTemplateAdapter(t))] : [];
    }

    [Fact]
    public void Flipped_prediction_is_the_label_under_which_the_instruction_is_likeliest()
    {
        var data = Path.Combine(_dir.Path, "data");
        Directory.CreateDirectory(Path.Combine(data, "toy"));
        File.WriteAllText(Path.Combine(data, "toy", "validation.jsonl"), "{\"text\": \"so dull\", \"label\": 1}\n{\"text\": \"fun\", \"label\": 0}\n");
        var template = new PromptTemplate("t1", "liked", "Review: {{text}} Did they like it? ||| {{ answer_choices[label] }}", "Yes ||| No");
        var scorer = new LabelSensitiveScorer();
        var model = new EvalModel("fake", scorer, new CharTokenizer(), IsEncoderDecoder: true);
        var factory = new PromptedDatasetFactory(new Source(template), data);
        var suite = new EvalSuite("toy", [new EvalTask { Name = "toy", Dataset = "toy", Split = "validation" }]);
        var results = new Evaluator(model, factory, new EvaluatorOptions { Primary = ScoringMethod.Flipped }).Run(suite, Path.Combine(_dir.Path, "run"));

        var records = ResultStore.Open(Path.Combine(_dir.Path, "run", "examples.jsonl"));
        var rows = records.Records.OrderBy(r => r.Index).ToList();
        records.Dispose();
        const string instruction = "<extra_id_0> Review: <extra_id_1> Did they like it?";
        int length = instruction.Length + 1;   // CharTokenizer: one id per character, plus EOS
        Assert.All(rows, r => Assert.Equal([-length, -0.5 * length], r.FlippedLogProb!));
        Assert.All(rows, r => Assert.Equal(1, r.Predicted!["flipped"]));
        // The flipped requests: one per (example, label), the instruction as the only target.
        var flippedRequests = scorer.Requests.Where(r => r.ChoiceIds.Count == 1).ToList();
        Assert.Equal(4, flippedRequests.Count);
        Assert.Equal("input: <extra_id_0> so dull <extra_id_1>\noutput: Yes", new CharTokenizer().Decode(flippedRequests[0].InputIds));
        Assert.Equal(instruction, new CharTokenizer().Decode(flippedRequests[0].ChoiceIds[0]));
        // Row 0's label is "No" (flipped right), row 1's is "Yes" (flipped wrong): 50%, reported as the primary score.
        Assert.Equal(50.0, results.Templates.Single().Scores["acc_flipped"]);
        Assert.Equal("acc_flipped", results.Primary);
        Assert.True(results.Templates.Single().Scores.ContainsKey("acc_sum"));
    }

    [Fact]
    public void Without_flipped_scoring_no_extra_pass_is_made_and_no_flipped_score_is_reported()
    {
        var data = Path.Combine(_dir.Path, "data");
        Directory.CreateDirectory(Path.Combine(data, "toy"));
        File.WriteAllText(Path.Combine(data, "toy", "validation.jsonl"), "{\"text\": \"fun\", \"label\": 0}\n");
        var template = new PromptTemplate("t1", "liked", "Review: {{text}} Did they like it? ||| {{ answer_choices[label] }}", "Yes ||| No");
        var scorer = new LabelSensitiveScorer();
        var results = new Evaluator(new EvalModel("fake", scorer, new CharTokenizer(), true), new PromptedDatasetFactory(new Source(template), data),
            new EvaluatorOptions()).Run(new EvalSuite("toy", [new EvalTask { Name = "toy", Dataset = "toy", Split = "validation" }]), Path.Combine(_dir.Path, "run"));
        Assert.Single(scorer.Requests);
        Assert.False(results.Templates.Single().Scores.ContainsKey("acc_flipped"));
        Assert.Equal(ScoringMethod.Flipped, ScoringMethods.Parse("flipped"));
    }
}
