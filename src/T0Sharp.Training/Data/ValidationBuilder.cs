using T0Sharp.Data.Features;
using T0Sharp.Data.Mixtures;
using T0Sharp.Data.Sources;
using T0Sharp.Data.Tasks;
using T0Sharp.Data.Tokenization;

namespace T0Sharp.Training.Data;

/// <summary>
/// Builds the validation set from tasks' validation splits, as T0 selects checkpoints on the training
/// datasets' validation data: teacher-forced loss batches (unpacked, one example per row) and, for examples
/// with answer choices, rank-classification items (label = the choice equal to the target). Task indices follow the
/// order of <c>tasks</c> (the mixture's), so task-conditioned adapters see the training task ids.
/// </summary>
public static class ValidationBuilder
{
    /// <remarks>Texts are tokenized under <paramref name="eos"/> (the training run's convention) and cut as the feature converters cut them.</remarks>
    public static ValidationSet Build(IEnumerable<ITask> tasks, DatasetDirectory data, ITokenizer tokenizer, EosConvention eos,
        FeatureConverterOptions features, int maxExamplesPerTask, int rowsPerBatch, bool decoderOnly, long seed = 0)
    {
        var examples = new List<TokenizedExample>();
        var rank = new List<RankItem>();
        var taskIndex = -1;
        foreach (var task in tasks)
        {
            taskIndex++;
            var source = task.Open(data);
            if (source == null) continue;
            var taken = 0;
            foreach (var row in source.Read())
            {
                if (taken >= maxExamplesPerTask) break;
                var ex = task.Process(row, seed, 0);
                if (ex == null || ex.IsUnlabeled) continue;
                taken++;
                var inputs = Truncation.Apply(eos.EncodeInput(tokenizer, ex.Inputs), features.Lengths.Inputs, features.EosId);
                var targets = Truncation.Apply(eos.EncodeTarget(tokenizer, ex.Targets), features.Lengths.Targets, features.EosId);
                examples.Add(new TokenizedExample(inputs, targets, taskIndex));
                if (ex.AnswerChoices is { Count: > 1 } choices)
                {
                    var label = choices.ToList().FindIndex(c => c.Trim() == ex.Targets.Trim());
                    if (label >= 0)
                        rank.Add(new RankItem(task.Name, inputs,
                            choices.Select(c => Truncation.Apply(eos.EncodeTarget(tokenizer, c), features.Lengths.Targets, features.EosId)).ToArray(), label, taskIndex));
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
}
