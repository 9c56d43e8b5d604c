using T0Sharp.Data.Features;
using T0Sharp.Data.Mixtures;
using T0Sharp.Data.Sources;
using T0Sharp.Data.Tasks;
using T0Sharp.Data.Tokenization;

namespace T0Sharp.Training.Data;

/// <summary>
/// Builds the validation set from tasks' validation splits, as T0 selects checkpoints on the training
/// datasets' validation data: teacher-forced loss batches (unpacked, one example per row) and, for examples
/// with answer choices, rank-classification items (label = the choice equal to the target).
/// </summary>
public static class ValidationBuilder
{
    public static ValidationSet Build(IEnumerable<ITask> tasks, DatasetDirectory data, ITokenizer tokenizer,
        FeatureConverterOptions features, int maxExamplesPerTask, int rowsPerBatch, bool decoderOnly, long seed = 0)
    {
        var examples = new List<TokenizedExample>();
        var rank = new List<RankItem>();
        foreach (var task in tasks)
        {
            var source = task.Open(data);
            if (source == null) continue;
            var taken = 0;
            foreach (var row in source.Read())
            {
                if (taken >= maxExamplesPerTask) break;
                var ex = task.Process(row, seed, 0);
                if (ex == null || ex.IsUnlabeled) continue;
                taken++;
                var inputs = Truncate(tokenizer.Encode(ex.Inputs).ToArray(), features.Lengths.Inputs);
                var targets = Truncate(tokenizer.Encode(ex.Targets).ToArray(), features.Lengths.Targets);
                examples.Add(new TokenizedExample(inputs, targets));
                if (ex.AnswerChoices is { Count: > 1 } choices)
                {
                    var label = choices.ToList().FindIndex(c => c.Trim() == ex.Targets.Trim());
                    if (label >= 0)
                        rank.Add(new RankItem(task.Name, inputs,
                            choices.Select(c => Truncate(tokenizer.Encode(c).ToArray(), features.Lengths.Targets)).ToArray(), label));
                }
            }
            (source as IDisposable)?.Dispose();
        }
        var unpacked = features with { Pack = false };
        IEnumerable<TrainingBatch> batches = decoderOnly
            ? FeatureConverters.DecoderOnly(examples, unpacked, rowsPerBatch).Select(BatchConversion.From)
            : FeatureConverters.EncoderDecoder(examples, unpacked, rowsPerBatch).Select(BatchConversion.From);
        return new ValidationSet(batches.ToList(), rank);
    }

    static int[] Truncate(int[] ids, int max) => ids.Length <= max ? ids : ids[..max];
}
