using T0Sharp.Data.Features;
using T0Sharp.Models;
using T0Sharp.Training.Data;
using T0Sharp.Training.Loop;
using T0Sharp.Training.Objectives;
using T0Sharp.Training.Optim;
using T0Sharp.Training.Options;
using static TorchSharp.torch;

namespace T0Sharp.Training.Tests.Objectives;

/// <summary>
/// Flipped Learning's loss (likelihood of the instruction under the correct label + λ · unlikelihood under each wrong
/// label) against an independent computation in doubles, under two loss normalisations, and gradient accumulation.
/// </summary>
public class FlippedObjectiveTests
{
    static readonly FeatureConverterOptions Features = new(new FeatureLengths(4, 4), Pack: false, EosId: 1);

    // Example 0: input with labels "yes" (wrong), "no" (correct), "maybe" (wrong); instruction [7, 5, 1].
    // Example 1: two labels, the first correct; instruction [8, 1] (a different length, for sequence_mean).
    static readonly ChoiceExample[] Examples =
    [
        new([9, 3], [[7, 5, 1], [7, 5, 1], [7, 5, 1]], Label: 1) { RowInputs = [[9, 3], [9, 4], [9, 6]] },
        new([10, 3], [[8, 1], [8, 1]], Label: 0) { RowInputs = [[10, 3], [10, 4]] },
    ];

    static TrainingBatch Batch(params ChoiceExample[] examples) => BatchConversion.From(ChoiceBatchBuilder.EncoderDecoder(examples, Features));

    [Theory]
    [InlineData(LossNormalization.TokenMean)]
    [InlineData(LossNormalization.SequenceMean)]
    public void Loss_is_instruction_likelihood_under_the_correct_label_plus_lambda_times_unlikelihood_under_the_wrong_ones(LossNormalization normalization)
    {
        var batch = Batch(Examples);
        Assert.Equal([0, 0, 0, 1, 1], batch.ChoiceGroups);
        Assert.Equal([0, 1, 0, 1, 0], batch.ChoiceLabels);
        const int vocab = 11;
        var rng = new Random(3);
        var values = Enumerable.Range(0, batch.Rows * batch.TargetLength * vocab).Select(_ => rng.NextDouble() * 6 - 3).ToArray();
        var logits = tensor(values.Select(v => (float)v).ToArray(), [batch.Rows, batch.TargetLength, vocab]);
        var targets = tensor(batch.DecoderTargetTokens.Select(t => (long)t).ToArray(), [batch.Rows, batch.TargetLength]);
        var weights = tensor(LossWeights.Compute([batch], normalization)[0], [batch.Rows, batch.TargetLength]);
        var objective = new FlippedObjective(unlikelihoodWeight: 3.0);
        var result = objective.Loss(logits, targets, weights, batch, objective.Count([batch]));

        double LogP(int r, int t)
        {
            var row = Enumerable.Range(0, vocab).Select(v => values[(r * batch.TargetLength + t) * vocab + v]).ToArray();
            var max = row.Max();
            return row[batch.DecoderTargetTokens[r * batch.TargetLength + t]] - (max + Math.Log(row.Sum(x => Math.Exp(x - max))));
        }
        // the paper's per-example sums: L_LM = −Σ_t log p(I_t | x, y), L_UL = −Σ_{y'≠y} Σ_t log(1 − p(I_t | x, y'))
        var groups = new[] { (Rows: new[] { 0, 1, 2 }, Correct: 1, Length: 3), (Rows: new[] { 3, 4 }, Correct: 3, Length: 2) };
        double lm = 0, ul = 0;
        foreach (var (rows, correct, length) in groups)
        {
            double exampleLm = 0, exampleUl = 0;
            foreach (var r in rows)
                for (var t = 0; t < length; t++)
                    if (r == correct) exampleLm -= LogP(r, t);
                    else exampleUl -= Math.Log(1 - Math.Exp(LogP(r, t)));
            // token_mean: every instruction token of the step weighs 1/5 (3 + 2 correct-label tokens);
            // sequence_mean: each example's tokens weigh 1/(its length × 2 examples)
            var scale = normalization == LossNormalization.TokenMean ? 1.0 / 5 : 1.0 / (length * 2);
            lm += exampleLm * scale;
            ul += exampleUl * scale;
        }
        Assert.Equal(lm, result.Terms["lm"].item<float>(), 5);
        Assert.Equal(ul, result.Terms["unlikelihood"].item<float>(), 5);
        Assert.Equal(lm + 3.0 * ul, result.Loss.item<float>(), 5);
        Assert.True(ul > 0.01, "the unlikelihood term is not negligible in this test");
    }

    [Fact]
    public void The_default_lambda_is_the_papers_and_the_config_key_overrides_it()
    {
        Assert.Equal(3.0, Assert.IsType<FlippedObjective>(ObjectiveFactory.Create(new LossSection { Objective = ObjectiveKind.Flipped })).UnlikelihoodWeight);
        Assert.Equal(0.5, Assert.IsType<FlippedObjective>(ObjectiveFactory.Create(new LossSection { Objective = ObjectiveKind.Flipped, UnlikelihoodWeight = 0.5 })).UnlikelihoodWeight);
    }

    [Fact]
    public void The_flipped_objective_refuses_batches_without_labels()
    {
        var plain = BatchConversion.From(FeatureConverters.EncoderDecoder([new TokenizedExample([5, 1], [6, 1])], Features, 1).First());
        Assert.Throws<InvalidOperationException>(() => new FlippedObjective().Count([plain]));
    }

    [Fact]
    public void Accumulating_micro_batches_equals_one_batch()
    {
        ChoiceExample[] examples =
        [
            .. Examples,
            new([12, 3], [[7, 2, 1], [7, 2, 1]], 1) { RowInputs = [[12, 3], [12, 4]] },
            new([11, 3], [[9, 1], [9, 1], [9, 1]], 2) { RowInputs = [[11, 3], [11, 4], [11, 6]] },
        ];
        float[] Train(params ChoiceExample[][] micro)
        {
            using var model = new LanguageModelAdapter(PretrainedModel.Create(T5Config.Tiny with { DropoutRate = 0 }, seed: 8));
            var options = new TrainOptions
            {
                Data = new DataSection { BatchSize = 4, MicroBatchSize = 4 / micro.Length },
                Optimizer = new OptimizerSection { Name = OptimizerKind.AdamW, LearningRate = 1e-2 },
                Loss = new LossSection { Objective = ObjectiveKind.Flipped },
            };
            using var optimizer = OptimizerFactory.Create(options.Optimizer, model.Module);
            var runner = new StepRunner(model, optimizer, LearningRateSchedule.From(options), options, ObjectiveFactory.Create(options.Loss));
            var outcome = runner.Run(1, micro.Select(m => Batch(m)).ToList());
            Assert.Equal(["lm", "unlikelihood"], outcome.Terms!.Keys.Order());
            return model.Module.parameters().SelectMany(p => p.grad!.detach().data<float>().ToArray()).ToArray();
        }
        var whole = Train(examples);
        var split = Train(examples[..2], examples[2..]);
        var scale = whole.Max(Math.Abs);
        var maxDiff = whole.Zip(split, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(scale > 1e-3 && maxDiff < 1e-5 * scale, $"max |Δgrad| {maxDiff:E2} vs max |grad| {scale:E2}");
    }
}
