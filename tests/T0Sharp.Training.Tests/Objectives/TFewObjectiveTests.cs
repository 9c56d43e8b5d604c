using T0Sharp.Data.Features;
using T0Sharp.Training.Data;
using T0Sharp.Training.Loop;
using T0Sharp.Training.Objectives;
using T0Sharp.Training.Optim;
using T0Sharp.Training.Options;
using T0Sharp.Models;
using static TorchSharp.torch;

namespace T0Sharp.Training.Tests.Objectives;

/// <summary>
/// T-Few's loss against an independent computation in doubles (softmax by hand over the logits), and gradient
/// accumulation: micro-batches of a step give the update of the step as one batch.
/// </summary>
public class TFewObjectiveTests
{
    static readonly FeatureConverterOptions Features = new(new FeatureLengths(4, 3), Pack: false, EosId: 1);

    static TrainingBatch Batch(params ChoiceExample[] examples) => BatchConversion.From(ChoiceBatchBuilder.EncoderDecoder(examples, Features));

    [Fact]
    public void Loss_terms_equal_t_fews_formulas_computed_by_hand()
    {
        var batch = Batch(new([9, 4, 3], [[2, 1], [3, 4, 1], [4, 1]], Label: 1), new([6, 1], [[3, 1], [2, 1]], Label: 0));
        const int vocab = 5;
        var rng = new Random(7);
        var values = Enumerable.Range(0, batch.Rows * batch.TargetLength * vocab).Select(_ => rng.NextDouble() * 4 - 2).ToArray();
        var logits = tensor(values.Select(v => (float)v).ToArray(), [batch.Rows, batch.TargetLength, vocab]);
        var targets = tensor(batch.DecoderTargetTokens.Select(t => (long)t).ToArray(), [batch.Rows, batch.TargetLength]);
        var lmTokens = batch.DecoderLossWeights.Sum();
        var weights = tensor(batch.DecoderLossWeights.Select(w => (float)w / lmTokens).ToArray(), [batch.Rows, batch.TargetLength]);
        var objective = new TFewObjective(unlikelihoodWeight: 0.7, lengthNormWeight: 1.3, lengthNorm: 1.0);
        var counts = objective.Count([batch]);
        var result = objective.Loss(logits, targets, weights, batch, counts);

        // by hand
        double LogP(int r, int t) // log softmax of the target at (r, t)
        {
            var row = Enumerable.Range(0, vocab).Select(v => values[(r * batch.TargetLength + t) * vocab + v]).ToArray();
            var max = row.Max();
            var lse = max + Math.Log(row.Sum(x => Math.Exp(x - max)));
            return row[batch.DecoderTargetTokens[r * batch.TargetLength + t]] - lse;
        }
        double lm = 0, ulSum = 0; int wrongTokens = 0;
        var scores = new double[batch.Rows];
        for (var r = 0; r < batch.Rows; r++)
        {
            int len = 0;
            for (var t = 0; t < batch.TargetLength; t++)
            {
                if (batch.ChoiceTokenWeights![r * batch.TargetLength + t] == 0) continue;
                var lp = LogP(r, t);
                len++;
                scores[r] += -lp;
                if (batch.ChoiceLabels![r] == 1) lm += -lp / lmTokens;
                else { ulSum += -Math.Log(1 - Math.Exp(lp) + 0.01); wrongTokens++; }
            }
            scores[r] /= len;
        }
        double ln = 0;
        foreach (var (rows, label) in new[] { (new[] { 0, 1, 2 }, 1), (new[] { 3, 4 }, 0) })
        {
            var neg = rows.Select(r => -scores[r]).ToArray();
            var max = neg.Max();
            ln += -(neg[label] - (max + Math.Log(neg.Sum(x => Math.Exp(x - max)))));
        }
        ln /= 2;
        var ul = ulSum / wrongTokens;
        Assert.Equal(wrongTokens, counts[TFewObjective.WrongChoiceTokens]);
        Assert.Equal(2, counts[TFewObjective.Examples]);
        Assert.Equal(lm, result.Terms["lm"].item<float>(), 5);
        Assert.Equal(ul, result.Terms["unlikelihood"].item<float>(), 5);
        Assert.Equal(ln, result.Terms["length_norm"].item<float>(), 5);
        Assert.Equal(lm + 0.7 * ul + 1.3 * ln, result.Loss.item<float>(), 5);
    }

    [Fact]
    public void The_t_few_objective_refuses_batches_without_choices()
    {
        var plain = BatchConversion.From(FeatureConverters.EncoderDecoder([new TokenizedExample([5, 1], [6, 1])], Features, 1).First());
        Assert.Throws<InvalidOperationException>(() => new TFewObjective().Count([plain]));
    }

    [Fact]
    public void Accumulating_micro_batches_equals_one_batch()
    {
        ChoiceExample[] examples =
        [
            new([9, 4, 3], [[7, 1], [8, 5, 1]], 1), new([6, 1], [[3, 1], [4, 1], [5, 1]], 2),
            new([12, 13, 1], [[7, 1], [9, 1]], 0), new([10, 1], [[8, 1], [11, 6, 1]], 1),
        ];
        float[] Train(params ChoiceExample[][] micro)
        {
            using var model = new LanguageModelAdapter(PretrainedModel.Create(T5Config.Tiny with { DropoutRate = 0 }, seed: 8)); // no dropout: exact up to rounding
            var options = new TrainOptions
            {
                Data = new DataSection { BatchSize = 4, MicroBatchSize = 4 / micro.Length },
                Optimizer = new OptimizerSection { Name = OptimizerKind.AdamW, LearningRate = 1e-2 },
                Loss = new LossSection { Objective = ObjectiveKind.TFew },
            };
            using var optimizer = OptimizerFactory.Create(options.Optimizer, model.Module);
            var runner = new StepRunner(model, optimizer, LearningRateSchedule.From(options), options, ObjectiveFactory.Create(options.Loss));
            var outcome = runner.Run(1, micro.Select(m => Batch(m)).ToList());
            Assert.Equal(["length_norm", "lm", "unlikelihood"], outcome.Terms!.Keys.Order());
            // the step's accumulated gradients (Adam's first update is ±lr whatever their size, so compare gradients)
            return model.Module.parameters().SelectMany(p => p.grad!.detach().data<float>().ToArray()).ToArray();
        }
        var whole = Train(examples);
        var split = Train(examples[..2], examples[2..]);
        var scale = whole.Max(Math.Abs);
        var maxDiff = whole.Zip(split, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(scale > 1e-3 && maxDiff < 1e-5 * scale, $"max |Δgrad| {maxDiff:E2} vs max |grad| {scale:E2}");
    }
}
