using T0Sharp.Models;
using T0Sharp.Models.Adaptation;
using static TorchSharp.torch;

namespace T0Sharp.Modular.Contract;

/// <summary>
/// How a method reads one call's conditioning, the same way for every method:
/// <list type="bullet">
/// <item>Task ids: <see cref="Conditioning.TaskIds"/>, -1 (unknown task: held-out, or a task the method was not
/// trained on) where the row has none. Each method says what an unknown task gets (HyperPrompt: the mean task embedding).</item>
/// <item>Instructions: <see cref="Conditioning.InstructionIds"/> when the call carries them (evaluation of unseen
/// templates does); otherwise each row's task's instruction from the method's <see cref="TaskTable"/> (training
/// batches carry task ids only); a row of unknown task without instruction tokens gets an empty instruction.</item>
/// </list>
/// </summary>
public static class RowConditioning
{
    /// <summary>(B,) int64 task ids on <paramref name="device"/>, -1 where unknown.</summary>
    public static Tensor TaskIds(Conditioning? c, long rows, Device device)
    {
        c?.CheckRows(rows);
        return c?.TaskIds is { } t ? t.to(device) : KeptScalars.Filled(rows, -1L, device);
    }

    /// <summary>
    /// (B, L) instruction ids and (B, L) 1/0 mask (int64) on <paramref name="device"/>, from the call or from the task
    /// table (see the type's summary). L is at least 1; an empty instruction has an all-zero mask.
    /// </summary>
    public static (Tensor Ids, Tensor Mask) Instructions(Conditioning? c, long rows, TaskTable tasks, Device device)
    {
        c?.CheckRows(rows);
        if (c?.InstructionIds is { } ids)
            return (ids.to(device), (c.InstructionMask ?? ids.NotEqualTo(0L).to(ScalarType.Int64)).to(device));
        var width = Math.Max(1, tasks.Tasks.Select(t => t.InstructionIds.Count).DefaultIfEmpty(0).Max());
        var table = new long[(tasks.Count + 1) * width];       // row T: the empty instruction of unknown tasks
        var mask = new long[(tasks.Count + 1) * width];
        for (var t = 0; t < tasks.Count; t++)
            for (var j = 0; j < tasks.Tasks[t].InstructionIds.Count; j++)
            {
                table[t * width + j] = tasks.Tasks[t].InstructionIds[j];
                mask[t * width + j] = 1;
            }
        using var taskIds = TaskIds(c, rows, device);
        using var unknown = taskIds.Below(0L);
        using var row = where(unknown, full_like(taskIds, tasks.Count), taskIds);  // unknown → the empty row
        using var tableT = tensor(table, [tasks.Count + 1, width], device: device);
        using var maskT = tensor(mask, [tasks.Count + 1, width], device: device);
        return (tableT.index_select(0, row), maskT.index_select(0, row));
    }

    /// <summary>Masked mean over positions: (B, L, d) and (B, L) 1/0 mask → (B, d); rows with no position give zeros.</summary>
    public static Tensor MeanPool(Tensor x, Tensor mask)
    {
        var m = mask.to(x.dtype).unsqueeze(-1);                 // (B, L, 1)
        return (x * m).sum(1) / m.sum(1).AtLeast(1L);
    }

    /// <summary>
    /// Masked max over positions: (B, L, d) and (B, L) 1/0 mask → (B, d). Padding positions never win (ATTEMPT's
    /// reference pools over padding too); rows with no position give zeros.
    /// </summary>
    public static Tensor MaxPool(Tensor x, Tensor mask)
    {
        var m = mask.to(ScalarType.Bool).unsqueeze(-1);         // (B, L, 1)
        var pooled = x.masked_fill(m.logical_not(), double.NegativeInfinity).amax(1);
        var any = m.any(1);                                     // (B, 1)
        return where(any, pooled, zeros_like(pooled));
    }
}
