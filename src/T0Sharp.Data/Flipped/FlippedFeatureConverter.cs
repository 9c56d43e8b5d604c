using T0Sharp.Data.Features;
using T0Sharp.Data.Tokenization;

namespace T0Sharp.Data.Flipped;

/// <summary>
/// Flipped Learning's model features: for each example, one unpacked encoder-decoder row per answer choice, all
/// with the same target (the instruction). <see cref="RowExample"/> gives each row's example (0-based within the
/// batch) and <see cref="RowIsPositive"/> marks the correct label's row (1) vs the wrong labels' rows (0): the
/// likelihood term of the Flipped objective reads the positive rows, the unlikelihood term the others. Padding
/// rows have example -1 and are not positive.
/// </summary>
public sealed record FlippedBatch(EncDecBatch Batch, int[] RowExample, int[] RowIsPositive);

/// <summary>Turns flipped examples into <see cref="FlippedBatch"/>es (examples are never split across batches).</summary>
public static class FlippedFeatureConverter
{
    /// <summary>
    /// The tokenized rows of one example: (encoder ids, target ids) per choice, target ids shared, EOS placed as
    /// <paramref name="eos"/> says (default: the training default, t-zero's: no EOS on inputs, EOS on targets).
    /// </summary>
    public static IReadOnlyList<TokenizedExample> Tokenize(FlippedExample example, ITokenizer tokenizer, EosConvention? eos = null)
    {
        eos ??= EosConvention.TrainingDefault;
        var target = eos.EncodeTarget(tokenizer, example.Instruction);
        return example.Inputs.Select(i => new TokenizedExample(eos.EncodeInput(tokenizer, i), target)).ToList();
    }

    /// <summary>
    /// A labeled flipped example as a choice example for the training objective's choice batches
    /// (<see cref="ChoiceBatchBuilder"/>): row c reads the input with label c
    /// (<see cref="ChoiceExample.RowInputs"/>) and every row's target is the instruction, tokenized once;
    /// EOS placed as <paramref name="eos"/> says. Null for an unlabeled example.
    /// </summary>
    public static ChoiceExample? ToChoiceExample(FlippedExample example, ITokenizer tokenizer, EosConvention eos, int taskIndex = -1)
    {
        if (example.Label < 0) return null;
        var target = eos.EncodeTarget(tokenizer, example.Instruction);
        var inputs = example.Inputs.Select(i => eos.EncodeInput(tokenizer, i)).ToArray();
        return new ChoiceExample(inputs[example.Label], Enumerable.Repeat(target, inputs.Length).ToArray(), example.Label, taskIndex)
        {
            RowInputs = inputs,
        };
    }

    /// <summary>
    /// Batches of at most <paramref name="rows"/> rows; each example brings all its choices (an example with more
    /// choices than <paramref name="rows"/> is an error). Labeled examples only.
    /// </summary>
    public static IEnumerable<FlippedBatch> Batches(IEnumerable<FlippedExample> examples, ITokenizer tokenizer, FeatureConverterOptions options, int rows,
        EosConvention? eos = null)
    {
        var unpacked = options with { Pack = false };
        var pending = new List<(IReadOnlyList<TokenizedExample> Rows, int Label)>();
        int used = 0;
        foreach (var ex in examples)
        {
            if (ex.Label < 0) continue;
            if (ex.Inputs.Count > rows)
                throw new ArgumentException($"an example with {ex.Inputs.Count} choices does not fit a batch of {rows} rows");
            if (used + ex.Inputs.Count > rows) { yield return Build(pending, unpacked, rows); pending.Clear(); used = 0; }
            pending.Add((Tokenize(ex, tokenizer, eos), ex.Label));
            used += ex.Inputs.Count;
        }
        if (pending.Count > 0) yield return Build(pending, unpacked, rows);
    }

    static FlippedBatch Build(List<(IReadOnlyList<TokenizedExample> Rows, int Label)> examples, FeatureConverterOptions options, int rows)
    {
        var builder = new EncDecBatchBuilder(options, rows);
        var rowExample = Enumerable.Repeat(-1, rows).ToArray();
        var positive = new int[rows];
        int r = 0;
        foreach (var ((choices, label), e) in examples.Select((x, e) => (x, e)))
            for (int c = 0; c < choices.Count; c++, r++)
            {
                if (!builder.TryAdd(choices[c])) throw new InvalidOperationException("unpacked row did not fit");
                rowExample[r] = e;
                positive[r] = c == label ? 1 : 0;
            }
        return new FlippedBatch(builder.Build(), rowExample, positive);
    }
}
