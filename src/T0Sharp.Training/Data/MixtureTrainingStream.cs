using T0Sharp.Data.Features;
using T0Sharp.Data.Mixtures;

namespace T0Sharp.Training.Data;

/// <summary>
/// The data layer's mixture batches as an <see cref="ITrainingStream"/>: the state is the mixture cursor
/// (draw to resume from), so a resumed run re-opens the stream at that draw and reads the same batches.
/// <paramref name="open"/> builds the batch stream of a given row count positioned at a cursor (null: the start).
/// </summary>
public sealed class MixtureTrainingStream<TBatch>(
    Func<MixtureCursor?, int, MixtureBatches<TBatch>> open, Func<TBatch, TrainingBatch> convert) : ITrainingStream, IDisposable
{
    MixtureBatches<TBatch>? _batches;
    IEnumerator<TBatch>? _enumerator;
    MixtureCursor? _cursor;
    int _rows;

    public TrainingBatch Next(int rows)
    {
        if (_enumerator == null || rows != _rows)
        {
            var cursor = _batches?.Cursor ?? _cursor;
            Close();
            _batches = open(cursor, rows);
            _enumerator = _batches.Batches().GetEnumerator();
            _rows = rows;
        }
        if (!_enumerator.MoveNext()) throw new InvalidOperationException("the training mixture stream ended (it should be infinite)");
        return convert(_enumerator.Current);
    }

    /// <summary>Mixture statistics (kept and dropped examples) of the open stream, if any.</summary>
    public ExamplePipeline? Pipeline => _batches?.Pipeline;

    public string SaveState() => (_batches?.Cursor ?? _cursor)?.ToJson() ?? "";

    public void RestoreState(string json)
    {
        Close();
        _cursor = string.IsNullOrEmpty(json) ? null : MixtureCursor.FromJson(json);
    }

    void Close()
    {
        _enumerator?.Dispose();
        _enumerator = null;
        _batches?.Stream.Dispose();
        _batches = null;
    }

    public void Dispose() => Close();
}

/// <summary>Factories for the common encoder-decoder and decoder-only cases.</summary>
public static class MixtureTrainingStream
{
    public static MixtureTrainingStream<EncDecBatch> EncoderDecoder(Func<MixtureCursor?, int, MixtureBatches<EncDecBatch>> open) =>
        new(open, BatchConversion.From);

    public static MixtureTrainingStream<DecoderOnlyBatch> DecoderOnly(Func<MixtureCursor?, int, MixtureBatches<DecoderOnlyBatch>> open) =>
        new(open, BatchConversion.From);
}
