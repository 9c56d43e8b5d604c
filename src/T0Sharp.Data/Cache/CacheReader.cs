using Apache.Arrow;
using Apache.Arrow.Ipc;
using T0Sharp.Data.Features;

namespace T0Sharp.Data.Cache;

/// <summary>
/// Reads a complete tokenized cache back, streaming one Arrow record batch at a time, without rendering or
/// tokenizing anything. Feed <see cref="Read"/> to <see cref="FeatureConverters"/> or a <see cref="BatchStream{TBatch}"/>.
/// </summary>
public sealed class CacheReader
{
    public CacheReader(string folder)
    {
        Folder = Path.GetFullPath(folder);
        Index = CacheIndex.Load(Folder);
    }

    public string Folder { get; }
    public CacheIndex Index { get; }

    /// <summary>Fails when the cache was tokenized with another tokenizer.</summary>
    public void RequireTokenizer(string fingerprint)
    {
        if (Index.TokenizerFingerprint != fingerprint)
            throw new InvalidDataException($"cache '{Folder}' was tokenized with tokenizer {Index.TokenizerFingerprint} ({Index.Tokenizer}), " +
                $"not {fingerprint}: rebuild it with this tokenizer");
    }

    /// <summary>Refuses a cache tokenized under another EOS convention (or one that did not record it).</summary>
    public void RequireEosConvention(Features.EosConvention convention)
    {
        if (Index.EosConvention != convention.Name)
            throw new InvalidDataException($"cache '{Folder}' was tokenized with EOS convention {Index.EosConvention ?? "(not recorded)"}, " +
                $"not {convention.Name}: rebuild it with --eos-convention {convention.Name}");
    }

    /// <summary>The examples in build order with their draw numbers, skipping the first <paramref name="skip"/>.</summary>
    public IEnumerable<(long Draw, TokenizedExample Example)> Read(long skip = 0)
    {
        using var file = File.OpenRead(Path.Combine(Folder, CacheIndex.ExamplesFile));
        using var reader = new ArrowStreamReader(file);
        long index = 0;
        while (reader.ReadNextRecordBatch() is { } batch)
        {
            using (batch)
            {
                if (index + batch.Length <= skip) { index += batch.Length; continue; }
                var task = (Int32Array)batch.Column(0);
                var draw = (Int64Array)batch.Column(1);
                var inputs = (ListArray)batch.Column(2);
                var targets = (ListArray)batch.Column(3);
                for (int r = 0; r < batch.Length; r++, index++)
                {
                    if (index < skip) continue;
                    yield return (draw.GetValue(r)!.Value, new TokenizedExample(Slice(inputs, r), Slice(targets, r), task.GetValue(r)!.Value));
                }
            }
        }
        if (index != Index.Examples)
            throw new InvalidDataException($"cache '{Folder}': index says {Index.Examples} examples, file holds {index}");
    }

    static int[] Slice(ListArray list, int row)
    {
        var values = (Int32Array)list.Values;
        int start = list.ValueOffsets[row], end = list.ValueOffsets[row + 1];
        return values.Values.Slice(start, end - start).ToArray();
    }
}
