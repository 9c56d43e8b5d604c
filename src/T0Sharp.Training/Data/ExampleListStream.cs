using System.Text.Json;
using T0Sharp.Data.Features;

namespace T0Sharp.Training.Data;

/// <summary>
/// An endless training stream over an in-memory list of tokenized examples: each epoch visits every example
/// once in a seeded random order (a pure function of seed and epoch), and examples are packed (or padded) into
/// rows by the data layer's feature converter. The state is (epoch, index of the next example not yet in an
/// emitted batch), so a resumed run emits exactly the batches an uninterrupted one would. Examples may also be
/// computed per (index, epoch) (pretraining objectives draw new noise each epoch: see the data layer's
/// <c>PretrainingExamples</c>); they must then be a pure function of both.
/// </summary>
public sealed class ExampleListStream : ITrainingStream
{
    readonly Func<int, long, TokenizedExample> _example;
    readonly int _count;
    readonly FeatureConverterOptions _features;
    readonly bool _decoderOnly;
    readonly long _seed;
    int[] _order;
    long _epoch;
    int _index;

    public ExampleListStream(IReadOnlyList<TokenizedExample> examples, FeatureConverterOptions features, bool decoderOnly = false, long seed = 0)
        : this(examples.Count, (i, _) => examples[i], features, decoderOnly, seed) { }

    /// <summary>A stream over <paramref name="count"/> examples computed by <paramref name="example"/>(index, epoch).</summary>
    public ExampleListStream(int count, Func<int, long, TokenizedExample> example, FeatureConverterOptions features, bool decoderOnly = false, long seed = 0)
    {
        if (count == 0) throw new ArgumentException("the training data has no examples");
        _example = example;
        _count = count;
        _features = features;
        _decoderOnly = decoderOnly;
        _seed = seed;
        _order = Order(0);
    }

    public long Epoch => _epoch;

    public TrainingBatch Next(int rows)
    {
        IBatchBuilder<object> builder = _decoderOnly
            ? new DecoderOnlyBatchBuilder(_features, rows)
            : new EncDecBatchBuilder(_features, rows);
        while (builder.TryAdd(_example(_order[_index], _epoch)))
        {
            if (++_index == _order.Length) { _epoch++; _index = 0; _order = Order(_epoch); }
        }
        if (builder.Count == 0) throw new InvalidOperationException("an example does not fit an empty row");
        return builder.Build() switch
        {
            EncDecBatch e => BatchConversion.From(e),
            DecoderOnlyBatch d => BatchConversion.From(d),
            _ => throw new InvalidOperationException(),
        };
    }

    int[] Order(long epoch)
    {
        var order = Enumerable.Range(0, _count).ToArray();
        // Seeded System.Random is stable across runs and platforms (HashCode is not: it is randomized per process).
        new Random((int)((_seed * 1_000_003 + epoch * 7_919) & 0x7FFFFFFF)).Shuffle(order);
        return order;
    }

    public string SaveState() => JsonSerializer.Serialize(new State(_epoch, _index, _count));

    public void RestoreState(string json)
    {
        var s = JsonSerializer.Deserialize<State>(json) ?? throw new FormatException("empty data state");
        if (s.Count != _count)
            throw new InvalidOperationException($"cannot resume: the checkpoint's data had {s.Count} examples, this data has {_count}");
        _epoch = s.Epoch;
        _index = s.Index;
        _order = Order(_epoch);
    }

    sealed record State(long Epoch, int Index, int Count);
}
