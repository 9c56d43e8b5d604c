namespace T0Sharp.Data.Features;

/// <summary>
/// Fills one <see cref="EncDecBatch"/> of a fixed number of rows. With packing, each example goes into the
/// first row where both its inputs and its targets still fit (first-fit, in arrival order); without packing,
/// into the next empty row. <see cref="TryAdd"/> returns false when the example fits nowhere: the batch is
/// then complete and the example belongs to the next one. Examples are truncated first (see <see cref="Truncation"/>).
/// </summary>
public sealed class EncDecBatchBuilder : IBatchBuilder<EncDecBatch>
{
    readonly FeatureConverterOptions _o;
    readonly int _rows, _li, _lt;
    readonly int[] _encTok, _encSeg, _encPos, _decIn, _decTgt, _decW, _decSeg, _decPos;
    readonly int[] _inFill, _tgFill, _segments;
    readonly List<int>[] _rowTasks;
    int _examples;

    public EncDecBatchBuilder(FeatureConverterOptions options, int rows)
    {
        options.Lengths.Validate();
        if (rows <= 0) throw new ArgumentOutOfRangeException(nameof(rows), "a batch needs at least one row");
        _o = options; _rows = rows; _li = options.Lengths.Inputs; _lt = options.Lengths.Targets;
        _encTok = Filled(rows * _li, options.PadId); _encSeg = new int[rows * _li]; _encPos = new int[rows * _li];
        _decIn = Filled(rows * _lt, options.PadId); _decTgt = Filled(rows * _lt, options.PadId);
        _decW = new int[rows * _lt]; _decSeg = new int[rows * _lt]; _decPos = new int[rows * _lt];
        _inFill = new int[rows]; _tgFill = new int[rows]; _segments = new int[rows];
        _rowTasks = Enumerable.Range(0, rows).Select(_ => new List<int>()).ToArray();
    }

    /// <summary>Examples added so far.</summary>
    public int Count => _examples;

    /// <summary>Adds the example if it fits in some row; false when the batch is full for it.</summary>
    public bool TryAdd(TokenizedExample example)
    {
        var inputs = Truncation.Apply(example.Inputs, _li, _o.EosId);
        var targets = Truncation.Apply(example.Targets, _lt, _o.EosId);
        int row = -1;
        for (int r = 0; r < _rows; r++)
        {
            bool fits = _o.Pack
                ? _inFill[r] + inputs.Length <= _li && _tgFill[r] + targets.Length <= _lt
                : _segments[r] == 0;
            if (fits) { row = r; break; }
        }
        if (row < 0) return false;

        int seg = ++_segments[row];
        int e = row * _li + _inFill[row];
        for (int i = 0; i < inputs.Length; i++)
        {
            _encTok[e + i] = inputs[i]; _encSeg[e + i] = seg; _encPos[e + i] = i;
        }
        int d = row * _lt + _tgFill[row];
        for (int i = 0; i < targets.Length; i++)
        {
            _decTgt[d + i] = targets[i];
            _decIn[d + i] = i == 0 ? _o.DecoderStartId : targets[i - 1];
            _decW[d + i] = 1; _decSeg[d + i] = seg; _decPos[d + i] = i;
        }
        _inFill[row] += inputs.Length; _tgFill[row] += targets.Length;
        _rowTasks[row].Add(example.TaskIndex);
        _examples++;
        return true;
    }

    /// <summary>The batch (all rows, unused rows fully padded). The builder must not be used afterwards.</summary>
    public EncDecBatch Build() => new(_rows, _li, _lt, _encTok, _encSeg, _encPos, _decIn, _decTgt, _decW, _decSeg, _decPos)
    { ExampleCount = _examples, Metadata = new BatchMetadata(RowTaskIds: BatchMetadata.RowTasks(_rowTasks)) };

    internal static int[] Filled(int n, int value)
    {
        var a = new int[n];
        if (value != 0) Array.Fill(a, value);
        return a;
    }
}
