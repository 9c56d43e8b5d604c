using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using T0Sharp.Data.Features;

namespace T0Sharp.Data.Cache;

/// <summary>
/// Builds a tokenized cache folder: examples go to an Arrow IPC stream (columns task int32, draw int64,
/// inputs list&lt;int32&gt;, targets list&lt;int32&gt;; record batches of 4096 rows) inside a temporary sibling folder
/// <c>.&lt;name&gt;.building-&lt;id&gt;</c>; <see cref="Complete"/> writes index.json and renames the folder into place,
/// replacing an older cache there. A build that stops before <see cref="Complete"/> (exception, cancellation,
/// killed process) leaves no folder under the final name and never an index.json: <see cref="Dispose"/> deletes
/// the partial folder when it can.
/// </summary>
public sealed class CacheWriter : IDisposable
{
    static readonly Schema ArrowSchema = new Schema.Builder()
        .Field(new Field("task", Int32Type.Default, false))
        .Field(new Field("draw", Int64Type.Default, false))
        .Field(new Field("inputs", new ListType(Int32Type.Default), false))
        .Field(new Field("targets", new ListType(Int32Type.Default), false))
        .Build();

    const int BatchRows = 4096;
    readonly string _final, _temp;
    readonly FileStream _file;
    readonly ArrowStreamWriter _writer;
    readonly List<(int Task, long Draw, int[] Inputs, int[] Targets)> _pending = [];
    readonly Dictionary<int, (long N, long In, long Tg)> _perTask = [];
    bool _done;

    public CacheWriter(string folder)
    {
        _final = Path.GetFullPath(folder);
        if (Directory.Exists(_final) && Directory.EnumerateFileSystemEntries(_final).Any() && !File.Exists(Path.Combine(_final, CacheIndex.FileName)))
            throw new IOException($"'{_final}' exists and is not a T0Sharp cache: refusing to overwrite it (choose another --out)");
        var parent = Path.GetDirectoryName(_final)!;
        Directory.CreateDirectory(parent);
        _temp = Path.Combine(parent, $".{Path.GetFileName(_final)}.building-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_temp);
        _file = new FileStream(Path.Combine(_temp, CacheIndex.ExamplesFile), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        _writer = new ArrowStreamWriter(_file, ArrowSchema, leaveOpen: true);
    }

    /// <summary>The temporary folder being written (for tests and messages).</summary>
    public string TemporaryFolder => _temp;

    public long Examples { get; private set; }
    public long InputTokens { get; private set; }
    public long TargetTokens { get; private set; }
    public int MaxInputLength { get; private set; }
    public int MaxTargetLength { get; private set; }

    public void Add(TokenizedExample example, long draw)
    {
        if (_done) throw new InvalidOperationException("the cache is already complete");
        _pending.Add((example.TaskIndex, draw, example.Inputs, example.Targets));
        Examples++; InputTokens += example.Inputs.Length; TargetTokens += example.Targets.Length;
        MaxInputLength = Math.Max(MaxInputLength, example.Inputs.Length);
        MaxTargetLength = Math.Max(MaxTargetLength, example.Targets.Length);
        var s = _perTask.GetValueOrDefault(example.TaskIndex);
        _perTask[example.TaskIndex] = (s.N + 1, s.In + example.Inputs.Length, s.Tg + example.Targets.Length);
        if (_pending.Count >= BatchRows) Flush();
    }

    /// <summary>Per-task (examples, input tokens, target tokens) by task index.</summary>
    public IReadOnlyDictionary<int, (long N, long In, long Tg)> PerTask => _perTask;

    /// <summary>Writes the index (filled in with the counts) and moves the folder to its final name.</summary>
    public CacheIndex Complete(Func<CacheWriter, CacheIndex> makeIndex)
    {
        Flush();
        _writer.WriteEnd();
        _writer.Dispose();
        _file.Flush(flushToDisk: true);
        _file.Dispose();
        var index = makeIndex(this);
        index.Save(_temp);
        string? old = null;
        if (Directory.Exists(_final))
        {
            old = _final + $".old-{Guid.NewGuid():N}";
            Directory.Move(_final, old);
        }
        Directory.Move(_temp, _final);
        if (old != null) Directory.Delete(old, recursive: true);
        _done = true;
        return index;
    }

    void Flush()
    {
        if (_pending.Count == 0) return;
        var task = new Int32Array.Builder();
        var draw = new Int64Array.Builder();
        var inputs = new ListArray.Builder(Int32Type.Default);
        var targets = new ListArray.Builder(Int32Type.Default);
        var iv = (Int32Array.Builder)inputs.ValueBuilder;
        var tv = (Int32Array.Builder)targets.ValueBuilder;
        foreach (var (t, d, i, g) in _pending)
        {
            task.Append(t); draw.Append(d);
            inputs.Append(); iv.AppendRange(i);
            targets.Append(); tv.AppendRange(g);
        }
        using var batch = new RecordBatch(ArrowSchema, [task.Build(), draw.Build(), inputs.Build(), targets.Build()], _pending.Count);
        _writer.WriteRecordBatch(batch);
        _pending.Clear();
    }

    public void Dispose()
    {
        if (_done) return;
        try { _writer.Dispose(); } catch (Exception) { }
        _file.Dispose();
        try { Directory.Delete(_temp, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
