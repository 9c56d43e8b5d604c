namespace T0Sharp.Training.Data;

/// <summary>
/// One rank-classification example: the model scores each answer choice by the sum of its target-token
/// log-probabilities given the input; the prediction is the highest-scoring choice (T0's evaluation).
/// </summary>
public sealed record RankItem(string Task, int[] InputIds, int[][] Choices, int Label, int TaskIndex = -1);

/// <summary>What periodic validation runs: teacher-forced loss batches and rank-classification items.</summary>
public sealed record ValidationSet(IReadOnlyList<TrainingBatch> LossBatches, IReadOnlyList<RankItem> RankItems)
{
    public static ValidationSet Empty { get; } = new([], []);
    public bool IsEmpty => LossBatches.Count == 0 && RankItems.Count == 0;
}
