using T0Sharp.Data.Sources;
using T0Sharp.Data.Tasks;

namespace T0Sharp.Data.Mixtures;

/// <summary>
/// Serves one task's records forever, epoch after epoch, from an open stream over its split file. Without
/// shuffling, records come in file order. With a shuffle block B, the split is cut into consecutive blocks of B
/// records and each block is served in a permutation seeded by (stream seed, task, epoch, block): a bounded-memory
/// shuffle (it does not mix records of different blocks: pre-shuffle files sorted by label).
/// </summary>
internal sealed class TaskReader : IDisposable
{
    readonly IExampleSource _source;
    readonly long _rows;
    readonly int _block;
    readonly ulong _seed;
    IEnumerator<SourceRow>? _rowsEnum;
    long _enumNext;                       // index of the record the enumerator yields next
    SourceRow[]? _buffer;
    long _bufferEpoch = -1, _bufferBlock = -1;

    public TaskReader(ITask task, IExampleSource source, long rows, int shuffleBlock, long streamSeed, int taskIndex)
    {
        Task = task; _source = source; _rows = rows; _block = shuffleBlock;
        _seed = RenderSeed.Mix((ulong)streamSeed ^ RenderSeed.Mix((ulong)taskIndex));
    }

    public ITask Task { get; }

    /// <summary>Records served so far (the next record is number <see cref="Position"/>).</summary>
    public long Position { get; set; }

    /// <summary>The next record and the epoch it belongs to.</summary>
    public (SourceRow Row, long Epoch) Next()
    {
        long epoch = Position / _rows, offset = Position % _rows;
        Position++;
        if (_block <= 1) return (ReadAt(offset), epoch);
        long block = offset / _block;
        if (_buffer == null || _bufferEpoch != epoch || _bufferBlock != block)
        {
            int n = (int)Math.Min(_block, _rows - block * _block);
            _buffer = new SourceRow[n];
            for (int i = 0; i < n; i++) _buffer[i] = ReadAt(block * _block + i);
            var rng = new SplitMix64(RenderSeed.Mix(_seed ^ RenderSeed.Mix((ulong)epoch ^ RenderSeed.Mix((ulong)block))));
            for (int i = n - 1; i > 0; i--) { int j = rng.NextInt(i + 1); (_buffer[i], _buffer[j]) = (_buffer[j], _buffer[i]); }
            _bufferEpoch = epoch; _bufferBlock = block;
        }
        return (_buffer[(int)(offset % _block)], epoch);
    }

    SourceRow ReadAt(long index)
    {
        if (_rowsEnum == null || _enumNext != index)
        {
            _rowsEnum?.Dispose();
            _rowsEnum = _source.Read(index).GetEnumerator();
            _enumNext = index;
        }
        if (!_rowsEnum.MoveNext())
            throw new InvalidDataException($"{_source.Path}: expected {_rows} records but the file ended at {index} (was it changed while reading?)");
        _enumNext++;
        var row = _rowsEnum.Current;
        if (_enumNext == _rows) { _rowsEnum.Dispose(); _rowsEnum = null; }
        return row;
    }

    public void Dispose() { _rowsEnum?.Dispose(); _rowsEnum = null; }
}
