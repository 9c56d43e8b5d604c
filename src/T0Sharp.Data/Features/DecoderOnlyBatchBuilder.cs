namespace T0Sharp.Data.Features;

/// <summary>
/// Fills one <see cref="DecoderOnlyBatch"/>: inputs and targets are truncated to their lengths, concatenated,
/// shifted (see <see cref="DecoderOnlyBatch"/>), and placed first-fit (packing) or one per row.
/// <see cref="TryAdd"/> returns false when the example fits in no row.
/// </summary>
public sealed class DecoderOnlyBatchBuilder : IBatchBuilder<DecoderOnlyBatch>
{
    readonly FeatureConverterOptions _o;
    readonly int _rows, _len;
    readonly int[] _in, _tgt, _w, _seg, _pos, _mask, _fill, _segments;
    readonly List<int>[] _rowTasks;
    int _examples;

    public DecoderOnlyBatchBuilder(FeatureConverterOptions options, int rows)
    {
        options.Lengths.Validate();
        if (rows <= 0) throw new ArgumentOutOfRangeException(nameof(rows), "a batch needs at least one row");
        _o = options; _rows = rows; _len = options.Lengths.Inputs + options.Lengths.Targets;
        _in = EncDecBatchBuilder.Filled(rows * _len, options.PadId); _tgt = EncDecBatchBuilder.Filled(rows * _len, options.PadId);
        _w = new int[rows * _len]; _seg = new int[rows * _len]; _pos = new int[rows * _len]; _mask = new int[rows * _len];
        _fill = new int[rows]; _segments = new int[rows];
        _rowTasks = Enumerable.Range(0, rows).Select(_ => new List<int>()).ToArray();
    }

    /// <summary>Examples added so far.</summary>
    public int Count => _examples;

    /// <summary>Adds the example if it fits in some row; false when the batch is full for it.</summary>
    public bool TryAdd(TokenizedExample example)
    {
        var inputs = Truncation.Apply(example.Inputs, _o.Lengths.Inputs, _o.EosId);
        var targets = Truncation.Apply(example.Targets, _o.Lengths.Targets, _o.EosId);
        int n = inputs.Length + targets.Length;
        bool bos = _o.BosId.HasValue;
        int used = bos ? n : n - 1;                 // positions the example occupies
        if (used <= 0) used = 0;
        int row = -1;
        for (int r = 0; r < _rows; r++)
        {
            bool fits = _o.Pack ? _fill[r] + used <= _len : _segments[r] == 0;
            if (fits) { row = r; break; }
        }
        if (row < 0) return false;

        int seg = ++_segments[row];
        int at = row * _len + _fill[row];
        int Seq(int i) => i < inputs.Length ? inputs[i] : targets[i - inputs.Length];
        for (int p = 0; p < used; p++)
        {
            // With BOS: position p reads seq[p-1] (BOS at 0) and predicts seq[p]; without: reads seq[p], predicts seq[p+1].
            int targetIndex = bos ? p : p + 1;
            _in[at + p] = bos ? (p == 0 ? _o.BosId!.Value : Seq(p - 1)) : Seq(p);
            _tgt[at + p] = Seq(targetIndex);
            _w[at + p] = targetIndex >= inputs.Length ? 1 : 0;
            _mask[at + p] = (bos ? p - 1 : p) < inputs.Length ? 1 : 0;   // BOS counts as prompt
            _seg[at + p] = seg; _pos[at + p] = p;
        }
        _fill[row] += used;
        _rowTasks[row].Add(example.TaskIndex);
        _examples++;
        return true;
    }

    /// <summary>The batch (unused rows fully padded). The builder must not be used afterwards.</summary>
    public DecoderOnlyBatch Build() => new(_rows, _len, _in, _tgt, _w, _seg, _pos, _mask)
    { ExampleCount = _examples, Metadata = new BatchMetadata(RowTaskIds: BatchMetadata.RowTasks(_rowTasks)) };
}
