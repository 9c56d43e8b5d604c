using T0Sharp.Training.Objectives;
using TorchSharp.Modules;

namespace T0Sharp.Training.Loop;

/// <summary>
/// What <see cref="StepRunner"/> asks of data-parallel training (null in a single process): the number of
/// processes sharing each step, and three sums over them: the step's counts (before the forward passes, for
/// the loss denominators and the objective's normalisers), the gradients (after backward, before clipping) and
/// the step's figures. Every process calls them in the same order once per step.
/// </summary>
public interface IStepSynchronizer
{
    /// <summary>Processes sharing a step; each runs data.batch_size / (micro_batch_size × WorldSize) micro-batches.</summary>
    int WorldSize { get; }

    /// <summary>The whole step's token counts and objective counts from this process's share (the same count names on every process).</summary>
    (TokenCounts Tokens, StepCounts Objective) SumCounts(TokenCounts tokens, StepCounts objective);

    /// <summary>Sums the gradients of <paramref name="trainable"/> (the optimizer's parameters) over all processes, in place.</summary>
    void SumGradients(IReadOnlyList<Parameter> trainable);

    /// <summary>Sums host figures (loss sums, objective terms) over all processes, in place.</summary>
    void SumFigures(Span<double> figures);
}
