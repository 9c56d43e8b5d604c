using TorchSharp.Modules;

namespace T0Sharp.Training.Loop;

/// <summary>
/// What <see cref="StepRunner"/> asks of data-parallel training (null in a single process): the number of
/// processes sharing each step, and three sums over them: the step's counts (before the forward passes, for
/// the loss denominators), the gradients (after backward, before clipping) and the step's figures. Every
/// process calls them in the same order once per step.
/// </summary>
public interface IStepSynchronizer
{
    /// <summary>Processes sharing a step; each runs data.batch_size / (micro_batch_size × WorldSize) micro-batches.</summary>
    int WorldSize { get; }

    /// <summary>The whole step's counts from this process's share.</summary>
    StepCounts SumCounts(StepCounts local);

    /// <summary>Sums the gradients of <paramref name="trainable"/> (the optimizer's parameters) over all processes, in place.</summary>
    void SumGradients(IReadOnlyList<Parameter> trainable);

    /// <summary>Sums host figures (loss sums) over all processes, in place.</summary>
    void SumFigures(Span<double> figures);
}
