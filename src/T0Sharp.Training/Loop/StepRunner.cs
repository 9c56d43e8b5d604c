using T0Sharp.Models;
using T0Sharp.Training.Data;
using T0Sharp.Training.Objectives;
using T0Sharp.Training.Optim;
using T0Sharp.Training.Options;
using static TorchSharp.torch;

namespace T0Sharp.Training.Loop;

/// <summary>Figures from one optimizer step (host values, read once per step). <paramref name="Terms"/>: the objective's named terms.</summary>
public sealed record StepOutcome(double Loss, double TokenLoss, double GradNorm, double LearningRate, long TargetTokens, long InputTokens,
    IReadOnlyDictionary<string, double>? Terms = null);

/// <summary>
/// One optimizer step: reads batch_size rows as micro-batches, computes the step's loss weights over all of
/// them (so accumulation equals one big batch), runs forward and backward per micro-batch in its own dispose
/// scope, clips the global gradient norm, refuses a non-finite loss before touching the parameters, then
/// applies the optimizer with the schedule's learning rate. The loss of each micro-batch comes from the
/// <see cref="ITrainingObjective"/> (T0's token cross-entropy unless another is given). With a
/// <see cref="IStepSynchronizer"/> (data-parallel training) each process runs its share of the step: the
/// normalising counts are the whole step's, gradients are summed over processes after backward and before
/// clipping, and the figures returned are the whole step's.
/// </summary>
public sealed class StepRunner(ITrainableModel model, TrainingOptimizer optimizer, LearningRateSchedule schedule, TrainOptions options,
    ITrainingObjective? objective = null, IStepSynchronizer? synchronizer = null)
{
    readonly ITrainingObjective _objective = objective ?? new TokenCrossEntropy();

    public ITrainingObjective Objective => _objective;

    /// <summary>Reads the micro-batches of one step from <paramref name="data"/>.</summary>
    public IReadOnlyList<TrainingBatch> ReadStep(ITrainingStream data)
    {
        var micro = options.Data.MicroBatchSize;
        var count = options.Data.BatchSize / (micro * (synchronizer?.WorldSize ?? 1));
        var list = new List<TrainingBatch>(count);
        for (var i = 0; i < count; i++)
        {
            var b = data.Next(micro);
            b.Validate();
            list.Add(b);
        }
        return list;
    }

    /// <summary>Runs step number <paramref name="step"/> (1-based) on <paramref name="batches"/>. Throws <see cref="TrainingDivergedException"/> on a non-finite loss without updating anything.</summary>
    public StepOutcome Run(long step, IReadOnlyList<TrainingBatch> batches, bool reportGradNorm = true)
    {
        using var scope = NewDisposeScope();
        model.Module.train();
        optimizer.ZeroGrad();
        var (tokens, counts) = (LossWeights.Count(batches), _objective.Count(batches));
        if (synchronizer is not null) (tokens, counts) = synchronizer.SumCounts(tokens, counts);
        var weights = LossWeights.Compute(batches, options.Loss.Normalization, tokens);
        var device = model.Device;
        var terms = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var lossSum = zeros(1, ScalarType.Float64, device).squeeze();
        var tokenLossSum = zeros(1, ScalarType.Float64, device).squeeze();
        for (var i = 0; i < batches.Count; i++)
        {
            var b = batches[i];
            using var micro = NewDisposeScope();
            var rows = b.Rows;
            var targets = tensor(b.DecoderTargetTokens.Select(t => (long)t).ToArray(), [rows, b.TargetLength], device: device);
            var w = tensor(weights[i], [rows, b.TargetLength], device: device);
            var lw = tensor(b.DecoderLossWeights.Select(x => (float)x).ToArray(), [rows, b.TargetLength], device: device);
            var objectiveLoss = _objective.Loss(model.Logits(b), targets, w, b, counts);
            objectiveLoss.Loss.backward();
            lossSum.PlusInPlace(objectiveLoss.Loss.detach().to(ScalarType.Float64));
            tokenLossSum.PlusInPlace(objectiveLoss.PerToken.detach().mul(lw).sum().to(ScalarType.Float64));
            foreach (var (name, value) in objectiveLoss.Terms)
            {
                var v = value.to(ScalarType.Float64);
                if (terms.TryGetValue(name, out var sum)) sum.PlusInPlace(v);
                else terms[name] = v.clone().MoveToOuterDisposeScope();
            }
        }
        synchronizer?.SumGradients(optimizer.ParameterTensors.ToList());
        model.MaskGradients();
        // The global norm reads every gradient once: computed when clipping, or when the step is reported.
        var needNorm = reportGradNorm || options.Optimizer.GradClipNorm > 0;
        var gradNorm = needNorm ? GradientClipping.ClipByGlobalNorm(optimizer.ParameterTensors, options.Optimizer.GradClipNorm)
            : zeros(1, ScalarType.Float32, device).squeeze();
        var termNames = terms.Keys.ToList();
        var host = stack([lossSum, tokenLossSum, gradNorm.to(ScalarType.Float64), .. termNames.Select(n => terms[n].reshape([]))]).cpu().data<double>().ToArray();
        if (synchronizer is not null) SumFigures(synchronizer, host);
        var (lossValue, tokenLoss, norm) = (host[0], host[1] / Math.Max(1, tokens.LossTokens), host[2]);
        if (!double.IsFinite(lossValue) || !double.IsFinite(norm))
        {
            optimizer.ZeroGrad();
            throw new TrainingDivergedException(
                $"the loss became {(double.IsFinite(lossValue) ? "finite but the gradient norm " + norm : lossValue.ToString())} at step {step}; the step was not applied");
        }
        var lr = schedule.At(step);
        optimizer.Step(lr);
        var termValues = termNames.Count > 1 ? termNames.Select((n, i) => (n, host[3 + i])).ToDictionary(x => x.n, x => x.Item2) : null;
        return new StepOutcome(lossValue, tokenLoss, norm, lr, tokens.LossTokens, tokens.InputTokens, termValues);
    }

    // Loss sums and objective terms are sums over processes; the gradient norm (host[2]) is already global.
    static void SumFigures(IStepSynchronizer synchronizer, double[] host)
    {
        var figures = host.Where((_, i) => i != 2).ToArray();
        synchronizer.SumFigures(figures);
        for (int i = 0, j = 0; i < host.Length; i++)
            if (i != 2) host[i] = figures[j++];
    }
}
