using System.Text.Json;
using T0Sharp.Training.Data;

namespace T0Sharp.Training.Tests.Support;

/// <summary>
/// Deterministic copy-task batches: row i of the stream is random tokens (from a seed and i) that the target
/// repeats. Its state is the next row index, as JSON, so resume can be tested exactly.
/// </summary>
public sealed class CopyTaskStream(int vocab = 16, int length = 6, long seed = 7, bool packed = false) : ITrainingStream
{
    long _row;

    public TrainingBatch Next(int rows)
    {
        var n = rows * length;
        var enc = new int[n];
        var dec = new int[n];
        var tgt = new int[n];
        var w = new int[n];
        var seg = packed ? new int[n] : null;
        for (var r = 0; r < rows; r++)
        {
            var rnd = new Random((int)(seed * 1_000_003 + _row++));
            for (var t = 0; t < length; t++)
            {
                var tok = rnd.Next(2, vocab);
                enc[r * length + t] = tok;
                tgt[r * length + t] = tok;
                if (t + 1 < length) dec[r * length + t + 1] = tok;
                w[r * length + t] = 1;
                if (seg != null) seg[r * length + t] = t < length / 2 ? 1 : 2;
            }
        }
        return new TrainingBatch(rows, length, length, enc, seg, null, dec, tgt, w, seg, null);
    }

    public string SaveState() => JsonSerializer.Serialize(new { row = _row });
    public void RestoreState(string json) => _row = JsonDocument.Parse(json).RootElement.GetProperty("row").GetInt64();

    /// <summary>Rank items: the right choice is the copy, the wrong one a shifted copy.</summary>
    public static IReadOnlyList<RankItem> RankItems(int count, int vocab = 16, int length = 6, long seed = 99)
    {
        var list = new List<RankItem>();
        for (var i = 0; i < count; i++)
        {
            var rnd = new Random((int)seed + i);
            var input = Enumerable.Range(0, length).Select(_ => rnd.Next(2, vocab)).ToArray();
            var wrong = input.Select(t => 2 + (t - 2 + 3) % (vocab - 2)).ToArray();
            var label = i % 2;
            list.Add(new RankItem(i % 3 == 0 ? "copy_a" : "copy_b", input, label == 0 ? [input, wrong] : [wrong, input], label));
        }
        return list;
    }
}
