using static TorchSharp.torch;

namespace T0Sharp.Models.Adaptation;

/// <summary>
/// Host-side conditioning of one example (what a scoring or generation request carries): its task id, language id
/// (or source/target pair) and instruction tokens. <see cref="Batch"/> turns a list of them into the batch's <see cref="Conditioning"/>.
/// </summary>
public sealed record ExampleConditioning(int? TaskId = null, IReadOnlyList<int>? LanguageIds = null, IReadOnlyList<int>? InstructionIds = null)
{
    public static ExampleConditioning Task(int taskId) => new(TaskId: taskId);

    /// <summary>
    /// The batch conditioning for <paramref name="examples"/> (one per row), or null when none carries anything. A field
    /// is present when any example sets it; examples without it get -1 (ids) or an empty instruction.
    /// </summary>
    public static Conditioning? Batch(IReadOnlyList<ExampleConditioning?> examples, Device device)
    {
        if (examples.All(e => e is null || (e.TaskId is null && e.LanguageIds is null && e.InstructionIds is null))) return null;
        Tensor? taskIds = null, languageIds = null, instructionIds = null, instructionMask = null;
        if (examples.Any(e => e?.TaskId is not null))
            taskIds = tensor(examples.Select(e => (long)(e?.TaskId ?? -1)).ToArray(), device: device);
        if (examples.Any(e => e?.LanguageIds is not null))
        {
            var width = examples.Max(e => e?.LanguageIds?.Count ?? 0);
            var values = examples.SelectMany(e => Enumerable.Range(0, width).Select(i => (long)(e?.LanguageIds is { } l && i < l.Count ? l[i] : -1))).ToArray();
            languageIds = width == 1 ? tensor(values, device: device) : tensor(values, [examples.Count, width], device: device);
        }
        if (examples.Any(e => e?.InstructionIds is not null))
        {
            var width = Math.Max(1, examples.Max(e => e?.InstructionIds?.Count ?? 0));
            var ids = new long[examples.Count * width];
            var mask = new long[examples.Count * width];
            for (var r = 0; r < examples.Count; r++)
                if (examples[r]?.InstructionIds is { } ins)
                    for (var j = 0; j < ins.Count; j++) { ids[r * width + j] = ins[j]; mask[r * width + j] = 1; }
            instructionIds = tensor(ids, [examples.Count, width], device: device);
            instructionMask = tensor(mask, [examples.Count, width], device: device);
        }
        return new Conditioning(taskIds, languageIds, instructionIds, instructionMask);
    }
}
