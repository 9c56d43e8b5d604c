using System.Text.Json;
using T0Sharp.Data.Features;

namespace T0Sharp.Training.Data;

/// <summary>
/// An endless stream of choice batches (every answer choice of each example, see the data layer's
/// ChoiceBatchBuilder) for objectives that score all choices (T-Few, Flipped Learning). <see cref="Next"/>'s
/// argument counts *examples* (a batch has as many rows as their choices). Each epoch visits the source's examples
/// once in a seeded order; the state is (epoch, next index), so a resumed run emits exactly the same batches.
/// </summary>
public sealed class ChoiceListStream : ITrainingStream
{
    readonly IChoiceSource _source;
    readonly FeatureConverterOptions _features;
    readonly bool _decoderOnly;
    readonly long _seed;
    IReadOnlyList<ChoiceExample> _epochExamples;
    int[] _order;
    long _epoch;
    int _index;

    public ChoiceListStream(IChoiceSource source, FeatureConverterOptions features, bool decoderOnly = false, long seed = 0)
    {
        if (source.Count == 0) throw new ArgumentException("the training data has no choice examples");
        _source = source;
        _features = features with { Pack = false };
        _decoderOnly = decoderOnly;
        _seed = seed;
        (_epochExamples, _order) = Load(0);
    }

    public TrainingBatch Next(int examples)
    {
        var picked = new List<ChoiceExample>(examples);
        while (picked.Count < examples)
        {
            picked.Add(_epochExamples[_order[_index]]);
            if (++_index == _order.Length) { _epoch++; _index = 0; (_epochExamples, _order) = Load(_epoch); }
        }
        return _decoderOnly
            ? BatchConversion.From(ChoiceBatchBuilder.DecoderOnly(picked, _features))
            : BatchConversion.From(ChoiceBatchBuilder.EncoderDecoder(picked, _features));
    }

    (IReadOnlyList<ChoiceExample>, int[]) Load(long epoch)
    {
        var examples = _source.Epoch(epoch);
        var order = Enumerable.Range(0, examples.Count).ToArray();
        new Random((int)((_seed * 1_000_003 + epoch * 7_919) & 0x7FFFFFFF)).Shuffle(order);
        return (examples, order);
    }

    public string SaveState() => JsonSerializer.Serialize(new State(_epoch, _index, _source.Count));

    public void RestoreState(string json)
    {
        var s = JsonSerializer.Deserialize<State>(json) ?? throw new FormatException("empty data state");
        if (s.Count != _source.Count)
            throw new InvalidOperationException($"cannot resume: the checkpoint's data had {s.Count} choice examples, this data has {_source.Count}");
        (_epoch, _index) = (s.Epoch, s.Index);
        (_epochExamples, _order) = Load(_epoch);
    }

    sealed record State(long Epoch, int Index, int Count);
}
