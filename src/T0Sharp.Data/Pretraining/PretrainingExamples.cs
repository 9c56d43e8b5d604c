using T0Sharp.Data.Features;
using T0Sharp.Data.Tokenization;

namespace T0Sharp.Data.Pretraining;

/// <summary>
/// A raw-text corpus ready for pretraining: its chunks and the objective that turns each chunk into an example.
/// <see cref="Get"/> is a pure function of (seed, epoch, chunk index): each epoch sees new noise on the same
/// chunks (as seqio's per-example seeds do), and a resumed run rebuilds exactly the examples it would have seen.
/// </summary>
public sealed class PretrainingExamples
{
    readonly long _seed;

    public PretrainingExamples(IReadOnlyList<int[]> chunks, IPretrainingObjective objective, long seed)
    {
        if (chunks.Count == 0) throw new ArgumentException("the text corpus gives no chunk of at least 2 tokens");
        Chunks = chunks;
        Objective = objective;
        _seed = seed;
    }

    public IReadOnlyList<int[]> Chunks { get; }
    public IPretrainingObjective Objective { get; }
    public int Count => Chunks.Count;

    /// <summary>Reads, tokenizes (no special tokens) and chunks documents for <paramref name="objective"/> under <paramref name="lengths"/>.</summary>
    public static PretrainingExamples Build(IEnumerable<RawDocument> documents, ITokenizer tokenizer, IPretrainingObjective objective,
        FeatureLengths lengths, long seed)
    {
        var chunkLength = objective.ChunkLength(lengths);
        var tokenized = documents.Select(d => tokenizer.Encode(d.Text, addSpecialTokens: false));
        var chunks = TokenChunks.Split(tokenized, chunkLength, objective.EosBetweenDocuments ? tokenizer.EosId : null);
        return new PretrainingExamples(chunks, objective, seed);
    }

    /// <summary>The example of chunk <paramref name="index"/> in epoch <paramref name="epoch"/>.</summary>
    public TokenizedExample Get(int index, long epoch) => Objective.Apply(Chunks[index], new Random(Seed(_seed, epoch, index)));

    /// <summary>The RNG seed of one (seed, epoch, chunk): a stable 64-bit mix folded to a non-negative int.</summary>
    public static int Seed(long seed, long epoch, int index)
    {
        ulong x = (ulong)seed * 0x9E3779B97F4A7C15UL ^ (ulong)epoch * 0xC2B2AE3D27D4EB4FUL ^ (ulong)index * 0x165667B19E3779F9UL;
        x ^= x >> 33; x *= 0xFF51AFD7ED558CCDUL; x ^= x >> 33; x *= 0xC4CEB9FE1A85EC53UL; x ^= x >> 33;
        return (int)(x & 0x7FFFFFFF);
    }
}
