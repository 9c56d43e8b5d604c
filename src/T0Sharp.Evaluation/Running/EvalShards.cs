using System.Buffers.Binary;
using System.Text;
using T0Sharp.Distributed;
using T0Sharp.Evaluation.Results;

namespace T0Sharp.Evaluation.Running;

/// <summary>
/// Spreads an evaluation over the processes of an mpiexec/srun launch: rank 0 owns the run folder and its
/// per-example store, and tells the others which items are still to score; the batches (the same batches one
/// process would score, so the scores are identical) go round-robin, batch k to rank k mod N; after each round
/// every process's records are gathered on rank 0, which appends them in batch order, so examples.jsonl is the
/// one a single process writes, and an interrupted run resumes from it with any number of processes.
/// </summary>
public sealed class EvalShards(IProcessGroup group)
{
    public static EvalShards Single { get; } = new(SingleProcessGroup.Instance);

    public bool IsPrimary => group.Rank == 0;
    public int Rank => group.Rank;
    public int Size => group.Size;

    /// <summary>Rank 0's list of items to score, on every process (a collective when there are several).</summary>
    public List<(int T, int I)> Agree(List<(int T, int I)> pendingOnPrimary)
    {
        if (group.Size == 1) return pendingOnPrimary;
        var bytes = new byte[IsPrimary ? pendingOnPrimary.Count * 8 : 0];
        for (var k = 0; IsPrimary && k < pendingOnPrimary.Count; k++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8 * k), pendingOnPrimary[k].T);
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8 * k + 4), pendingOnPrimary[k].I);
        }
        var all = group.Broadcast(bytes);
        return Enumerable.Range(0, all.Length / 8)
            .Select(k => (BinaryPrimitives.ReadInt32LittleEndian(all.AsSpan(8 * k)), BinaryPrimitives.ReadInt32LittleEndian(all.AsSpan(8 * k + 4))))
            .ToList();
    }

    /// <summary>
    /// One round: this process's records (of batch <c>round·N + rank</c>, or none) are exchanged; returns every
    /// process's records in rank order, so in batch order. <paramref name="cancelled"/> is true on every process
    /// when any was interrupted (the records scored are still returned, to be stored).
    /// </summary>
    public IReadOnlyList<IReadOnlyList<ExampleRecord>> Gather(IReadOnlyList<ExampleRecord> mine, bool interrupted, out bool cancelled)
    {
        if (group.Size == 1) { cancelled = interrupted; return [mine]; }
        var text = string.Join('\n', mine.Select(ResultStore.ToJsonLine));
        var payload = new byte[1 + Encoding.UTF8.GetByteCount(text)];
        payload[0] = interrupted ? (byte)1 : (byte)0;
        Encoding.UTF8.GetBytes(text, payload.AsSpan(1));
        var all = group.AllGather(payload);
        cancelled = all.Any(p => p[0] == 1);
        return all.Select(p => (IReadOnlyList<ExampleRecord>)Encoding.UTF8.GetString(p, 1, p.Length - 1)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(ResultStore.FromJsonLine).ToList()).ToList();
    }

    /// <summary>Rank 0's results on every process.</summary>
    public RunResults Share(RunResults? onPrimary) =>
        group.Size == 1 ? onPrimary! : RunResults.FromJson(group.BroadcastString(IsPrimary ? onPrimary!.ToJson() : ""));
}
