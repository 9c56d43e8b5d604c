using T0Sharp.Data.Features;
using T0Sharp.Data.Sources;
using T0Sharp.Data.Tasks;
using T0Sharp.Data.Tokenization;

namespace T0Sharp.Demo;

/// <summary>
/// Multitask training examples computed on demand: index i names one (task, template, row), tasks in order, then
/// templates, then rows, and is rendered the t-zero way and tokenized under T0's EOS convention when asked for, with
/// the task's position as its task id. The same index always gives the same example.
/// </summary>
public sealed class TrainingExamples
{
    /// <summary>One task's rows and prompts, and its task id.</summary>
    public sealed record Part(IReadOnlyList<SourceRow> Rows, IReadOnlyList<PromptTask> Prompts, int TaskId)
    {
        public int Count => Rows.Count * Prompts.Count;
    }

    readonly IReadOnlyList<Part> _parts;
    readonly ITokenizer _tokenizer;
    readonly long _seed;

    public TrainingExamples(IReadOnlyList<Part> parts, ITokenizer tokenizer, long seed)
    {
        _parts = parts; _tokenizer = tokenizer; _seed = seed;
        Count = parts.Sum(p => p.Count);
    }

    public int Count { get; }

    public TokenizedExample this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            foreach (var part in _parts)
            {
                if (index < part.Count)
                {
                    var prompt = part.Prompts[index / part.Rows.Count];
                    var ex = prompt.Process(part.Rows[index % part.Rows.Count], _seed, 0)
                        ?? throw new InvalidOperationException($"{prompt.Name}: a training row renders to nothing (row {index % part.Rows.Count})");
                    return EosConvention.TrainingDefault.Tokenize(_tokenizer, ex.Inputs, ex.Targets, part.TaskId);
                }
                index -= part.Count;
            }
            throw new ArgumentOutOfRangeException(nameof(index));
        }
    }
}
