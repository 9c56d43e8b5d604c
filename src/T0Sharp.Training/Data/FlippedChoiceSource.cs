using T0Sharp.Data.Features;
using T0Sharp.Data.Flipped;
using T0Sharp.Data.Mixtures;
using T0Sharp.Data.Sources;
using T0Sharp.Data.Tasks;
using T0Sharp.Data.Tokenization;

namespace T0Sharp.Training.Data;

/// <summary>
/// Flipped Learning's training examples from a mixture: every task's records (up to the task's mixing rate, in file
/// order) flipped with its template (<see cref="FlippedTask"/>; plain promptsource and FLAN-style tasks are flipped
/// here, <c>flipped: true</c> entries already are), one choice example per labeled record whose template can be split
/// (<see cref="FlippedFeatureConverter.ToChoiceExample"/>). Each epoch re-renders the records with that epoch's seed,
/// so templates with random choices vary as in the plain mixture stream; the record set is fixed, so every epoch has
/// the same <see cref="Count"/>. Task indices follow the mixture's order.
/// </summary>
public sealed class FlippedChoiceSource : IChoiceSource
{
    readonly List<(FlippedTask Task, int TaskIndex, SourceRow Row)> _rows = [];
    readonly ITokenizer _tokenizer;
    readonly EosConvention _eos;
    readonly long _seed;

    public FlippedChoiceSource(Mixture mixture, DatasetDirectory data, ITokenizer tokenizer, EosConvention eos, long seed)
    {
        (_tokenizer, _eos, _seed) = (tokenizer, eos, seed);
        for (var i = 0; i < mixture.Components.Count; i++)
        {
            var (task, rate) = (mixture.Components[i].Task, mixture.Components[i].Rate);
            var flipped = Flippable(task);
            if (task.Open(data) is not { } source) continue;
            var cap = double.IsFinite(rate) && rate < long.MaxValue ? (long)Math.Ceiling(rate) : long.MaxValue;
            foreach (var row in source.Read().Take((int)Math.Min(cap, int.MaxValue)))
                if (flipped.ProcessFlipped(row, seed, 0) is { Label: >= 0 })
                    _rows.Add((flipped, i, row));
        }
        if (_rows.Count == 0)
            throw new InvalidOperationException($"mixture {mixture.Name}: no record can be flipped (Flipped Learning needs templates with answer_choices " +
                "that contain the target and some template text besides the fields)");
    }

    /// <summary>The task as a flipped task; Super-NI and k-shot tasks have no template to split.</summary>
    public static FlippedTask Flippable(ITask task) => task switch
    {
        FlippedTask f => f,
        PromptTask p => new FlippedTask(p),
        _ => throw new ArgumentException($"task {task.Name}: Flipped Learning needs a promptsource or FLAN-style template to split into " +
            "instruction and input (Super-NI and k-shot tasks have none); leave it out of the mixture"),
    };

    public int Count => _rows.Count;

    public IReadOnlyList<ChoiceExample> Epoch(long epoch)
    {
        var list = new List<ChoiceExample>(_rows.Count);
        foreach (var (task, index, row) in _rows)
        {
            // a record that flips once flips under every seed (its labels and template text do not depend on it)
            var f = task.ProcessFlipped(row, _seed, epoch) ?? task.ProcessFlipped(row, _seed, 0)!;
            list.Add(FlippedFeatureConverter.ToChoiceExample(f, _tokenizer, _eos, index)!);
        }
        return list;
    }
}
