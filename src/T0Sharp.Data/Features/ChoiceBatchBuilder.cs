namespace T0Sharp.Data.Features;

/// <summary>
/// Choice batches: one row per answer choice of each example, unpacked. Encoder-decoder rows repeat the example's
/// input in the encoder and hold the choice as the target (decoder inputs shifted right behind the start id);
/// decoder-only rows hold input + choice as one sequence with the causal shift, the choice positions being the
/// targets. The loss weights mark the correct choice's tokens (the LM term), <see cref="BatchMetadata.ChoiceTokenWeights"/>
/// every choice's tokens, <see cref="BatchMetadata.ChoiceGroups"/> and <see cref="BatchMetadata.ChoiceLabels"/> which
/// example and whether correct. An example with <see cref="ChoiceExample.RowInputs"/> (Flipped Learning) gives each row
/// its own input. Inputs and choices are truncated as training truncates (see <see cref="Truncation"/>).
/// </summary>
public static class ChoiceBatchBuilder
{
    public static EncDecBatch EncoderDecoder(IReadOnlyList<ChoiceExample> examples, FeatureConverterOptions o)
    {
        var (li, lt) = (o.Lengths.Inputs, o.Lengths.Targets);
        int rows = examples.Sum(e => e.Choices.Length);
        var enc = EncDecBatchBuilder.Filled(rows * li, o.PadId);
        var encSeg = new int[rows * li];
        var encPos = new int[rows * li];
        var decIn = EncDecBatchBuilder.Filled(rows * lt, o.PadId);
        var decTgt = EncDecBatchBuilder.Filled(rows * lt, o.PadId);
        var (w, all, decSeg, decPos) = (new int[rows * lt], new int[rows * lt], new int[rows * lt], new int[rows * lt]);
        var (groups, labels, tasks) = (new int[rows], new int[rows], new int[rows]);
        int r = 0;
        for (int g = 0; g < examples.Count; g++)
        {
            var e = examples[g];
            e.Validate();
            for (int c = 0; c < e.Choices.Length; c++, r++)
            {
                var input = Truncation.Apply(e.InputOf(c), li, o.EosId);
                for (int i = 0; i < input.Length; i++) { enc[r * li + i] = input[i]; encSeg[r * li + i] = 1; encPos[r * li + i] = i; }
                var choice = Truncation.Apply(e.Choices[c], lt, o.EosId);
                for (int t = 0; t < choice.Length; t++)
                {
                    int at = r * lt + t;
                    decTgt[at] = choice[t];
                    decIn[at] = t == 0 ? o.DecoderStartId : choice[t - 1];
                    all[at] = 1;
                    w[at] = c == e.Label ? 1 : 0;
                    decSeg[at] = 1; decPos[at] = t;
                }
                (groups[r], labels[r], tasks[r]) = (g, c == e.Label ? 1 : 0, e.TaskIndex);
            }
        }
        return new EncDecBatch(rows, li, lt, enc, encSeg, encPos, decIn, decTgt, w, decSeg, decPos)
        {
            ExampleCount = examples.Count,
            Metadata = new BatchMetadata(tasks, groups, labels, all),
        };
    }

    public static DecoderOnlyBatch DecoderOnly(IReadOnlyList<ChoiceExample> examples, FeatureConverterOptions o)
    {
        int len = o.Lengths.Inputs + o.Lengths.Targets;
        int rows = examples.Sum(e => e.Choices.Length);
        var ins = EncDecBatchBuilder.Filled(rows * len, o.PadId);
        var tgt = EncDecBatchBuilder.Filled(rows * len, o.PadId);
        var (w, all, seg, pos, mask) = (new int[rows * len], new int[rows * len], new int[rows * len], new int[rows * len], new int[rows * len]);
        var (groups, labels, tasks) = (new int[rows], new int[rows], new int[rows]);
        bool bos = o.BosId.HasValue;
        int r = 0;
        for (int g = 0; g < examples.Count; g++)
        {
            var e = examples[g];
            e.Validate();
            for (int c = 0; c < e.Choices.Length; c++, r++)
            {
                var input = Truncation.Apply(e.InputOf(c), o.Lengths.Inputs, o.EosId);
                var choice = Truncation.Apply(e.Choices[c], o.Lengths.Targets, o.EosId);
                int n = input.Length + choice.Length, used = bos ? n : n - 1;
                int Seq(int i) => i < input.Length ? input[i] : choice[i - input.Length];
                for (int p = 0; p < used; p++)
                {
                    int at = r * len + p, targetIndex = bos ? p : p + 1;
                    ins[at] = bos ? (p == 0 ? o.BosId!.Value : Seq(p - 1)) : Seq(p);
                    tgt[at] = Seq(targetIndex);
                    all[at] = targetIndex >= input.Length ? 1 : 0;
                    w[at] = c == e.Label ? all[at] : 0;
                    mask[at] = (bos ? p - 1 : p) < input.Length ? 1 : 0;
                    seg[at] = 1; pos[at] = p;
                }
                (groups[r], labels[r], tasks[r]) = (g, c == e.Label ? 1 : 0, e.TaskIndex);
            }
        }
        return new DecoderOnlyBatch(rows, len, ins, tgt, w, seg, pos, mask)
        {
            ExampleCount = examples.Count,
            Metadata = new BatchMetadata(tasks, groups, labels, all),
        };
    }
}
