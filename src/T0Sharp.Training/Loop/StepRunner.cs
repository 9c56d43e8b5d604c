using T0Sharp.Training.Data;
using T0Sharp.Training.Optim;
using T0Sharp.Training.Options;
using static TorchSharp.torch;

namespace T0Sharp.Training.Loop;

/// <summary>Figures from one optimizer step (host values, read once per step).</summary>
public sealed record StepOutcome(double Loss, double TokenLoss, double GradNorm, double LearningRate, long TargetTokens, long InputTokens);

/// <summary>
/// One optimizer step: reads batch_size rows as micro-batches, computes the step's loss weights over all of
/// them (so accumulation equals one big batch), runs forward and backward per micro-batch in its own dispose
/// scope, clips the global gradient norm, refuses a non-finite loss before touching the parameters, then
/// applies the optimizer with the schedule's learning rate. With a <see cref="IStepSynchronizer"/> (data-parallel
/// training) each process runs its share of the step: weights use the whole step's counts, and gradients are
/// summed over processes after backward and before clipping; the figures returned are the whole step's.
/// </summary>
public sealed class StepRunner(ITrainableModel model, TrainingOptimizer optimizer, LearningRateSchedule schedule, TrainOptions options,
    IStepSynchronizer? synchronizer = null)
{

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
        var local = LossWeights.Count(batches);
        var whole = synchronizer?.SumCounts(local) ?? local;
        var weights = LossWeights.Compute(batches, options.Loss.Normalization, whole);
        var device = model.Device;
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
            var perToken = TokenLoss.PerToken(model.Logits(b), targets);
            var loss = perToken.mul(w).sum();
            loss.backward();
            lossSum.add_(loss.detach().to(ScalarType.Float64));
            tokenLossSum.add_(perToken.detach().mul(lw).sum().to(ScalarType.Float64));
        }
        synchronizer?.SumGradients(optimizer.ParameterTensors.ToList());
        // The global norm reads every gradient once: computed when clipping, or when the step is reported.
        var needNorm = reportGradNorm || options.Optimizer.GradClipNorm > 0;
        var gradNorm = needNorm ? GradientClipping.ClipByGlobalNorm(optimizer.ParameterTensors, options.Optimizer.GradClipNorm)
            : zeros(1, ScalarType.Float32, device).squeeze();
        var host = stack([lossSum, tokenLossSum, gradNorm.to(ScalarType.Float64)]).cpu().data<double>().ToArray();
        synchronizer?.SumFigures(host.AsSpan(0, 2)); // the gradient norm is already global: gradients were summed
        var (lossValue, tokenLoss, norm) = (host[0], host[1] / Math.Max(1, whole.LossTokens), host[2]);
        if (!double.IsFinite(lossValue) || !double.IsFinite(norm))
        {
            optimizer.ZeroGrad();
            throw new TrainingDivergedException(
                $"the loss became {(double.IsFinite(lossValue) ? "finite but the gradient norm " + norm : lossValue.ToString())} at step {step}; the step was not applied");
        }
        var lr = schedule.At(step);
        optimizer.Step(lr);
        return new StepOutcome(lossValue, tokenLoss, norm, lr, whole.LossTokens, whole.InputTokens);
    }
}
