using static TorchSharp.torch;

namespace T0Sharp.Models.Adaptation;

/// <summary>
/// What one batch's examples condition on, one entry per row: task ids (from mixture task names), language ids, and
/// the tokenized instruction (the template with the example's fields removed). Task-conditioned methods (Poly,
/// HyperPrompt, HINT, hyper-adapters, ...) read it; plain models ignore it. All tensors are int64 on the model's device,
/// rows first. A batch whose rows are re-arranged (one decoder row per answer choice, beam reordering) carries
/// <see cref="Select"/>ed conditioning so that row i still describes row i.
/// </summary>
/// <param name="TaskIds">(B,) task index per row; -1 where unknown.</param>
/// <param name="LanguageIds">(B,) or (B, 2) (source, target) language index per row.</param>
/// <param name="InstructionIds">(B, L) instruction token ids, right-padded with 0.</param>
/// <param name="InstructionMask">(B, L) 1/0 mask of <paramref name="InstructionIds"/>.</param>
public sealed record Conditioning(Tensor? TaskIds = null, Tensor? LanguageIds = null,
    Tensor? InstructionIds = null, Tensor? InstructionMask = null)
{
    /// <summary>Number of rows described, or null when the conditioning holds no tensor.</summary>
    public long? Rows => (TaskIds ?? LanguageIds ?? InstructionIds)?.shape[0];

    /// <summary>Conditioning for rows <paramref name="rows"/> (int64 indices into this one's rows), in that order.</summary>
    public Conditioning Select(Tensor rows) => new(
        TaskIds?.index_select(0, rows), LanguageIds?.index_select(0, rows),
        InstructionIds?.index_select(0, rows), InstructionMask?.index_select(0, rows));

    /// <summary>Task ids from host values (one per row) on <paramref name="device"/>.</summary>
    public static Conditioning ForTasks(IReadOnlyList<int> taskIds, Device device) =>
        new(TaskIds: tensor(taskIds.Select(t => (long)t).ToArray(), device: device));

    /// <summary>Every row conditioned on task <paramref name="taskId"/>.</summary>
    public static Conditioning ForTask(int taskId, long rows, Device device) =>
        new(TaskIds: KeptScalars.Filled(rows, taskId, device));

    /// <summary>The same conditioning with every tensor detached from dispose scopes (the holder disposes them with <see cref="DisposeAll"/>).</summary>
    public Conditioning DetachAll() => new(TaskIds?.DetachFromDisposeScope(), LanguageIds?.DetachFromDisposeScope(),
        InstructionIds?.DetachFromDisposeScope(), InstructionMask?.DetachFromDisposeScope());

    public void DisposeAll()
    {
        TaskIds?.Dispose();
        LanguageIds?.Dispose();
        InstructionIds?.Dispose();
        InstructionMask?.Dispose();
    }

    /// <summary>Throws when the conditioning does not describe exactly <paramref name="rows"/> rows.</summary>
    public void CheckRows(long rows)
    {
        foreach (var (name, t) in new[] { ("TaskIds", TaskIds), ("LanguageIds", LanguageIds), ("InstructionIds", InstructionIds), ("InstructionMask", InstructionMask) })
            if (t is not null && t.shape[0] != rows)
                throw new ArgumentException($"Conditioning.{name} describes {t.shape[0]} rows but the batch has {rows}.");
    }
}
