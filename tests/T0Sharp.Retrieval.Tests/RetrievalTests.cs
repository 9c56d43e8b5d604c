using T0Sharp.Models;
using T0Sharp.Models.T5;
using T0Sharp.Retrieval;
using T0Sharp.Retrieval.Embedding;
using T0Sharp.Retrieval.Index;
using T0Sharp.Retrieval.Pool;
using T0Sharp.Tests;
using T0Sharp.Training.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace T0Sharp.Retrieval.Tests;

/// <summary>DEFT retrieval: mean-pooled encoder embeddings, the on-disk cache, exact and HNSW search, the retrieved set.</summary>
public sealed class RetrievalTests : IDisposable
{
    readonly TempDir _dir = TestPaths.NewTempDir();
    public void Dispose() => _dir.Dispose();

    static ILanguageModel Tiny() => PretrainedModel.Create(T5Config.Tiny, seed: 3);

    [Fact]
    public void Embeddings_are_the_attention_masked_mean_of_the_last_encoder_layer_whatever_the_batch()
    {
        using var model = Tiny();
        int[][] seqs = [[5, 6, 7, 1], [9, 1], [4, 4, 4, 4, 4, 4, 1], [12, 13, 1]];
        var embedder = new EncoderEmbedder(model) { MaxBatchTokens = 14 };   // forces several padded batches
        embedder.Embed([seqs[0]]);
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var batched = embedder.Embed(seqs);
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        var t5 = (T5ForConditionalGeneration)model;
        using var _ = no_grad();
        foreach (var (s, i) in seqs.Select((s, i) => (s, i)))
        {
            // Independent computation: the sequence alone, no padding, plain mean over its positions.
            using var h = t5.Encode(new EncoderInput(tensor(s.Select(x => (long)x).ToArray(), [1, s.Length]))).Hidden;
            var expected = h.mean([1]).squeeze(0).data<float>().ToArray();
            Assert.Equal(16, batched[i].Length);
            for (int d = 0; d < expected.Length; d++) Assert.Equal(expected[d], batched[i][d], 1e-5);
        }
    }

    [Fact]
    public void Embedding_store_appends_resumes_and_refuses_another_model()
    {
        var folder = Path.Combine(_dir.Path, "emb");
        var store = EmbeddingStore.Open(folder, "m", "pool1", 2);
        store.Append([[1f, 2f], [3f, 4f]]);
        store.Append([[5f, 6f]]);
        var again = EmbeddingStore.Open(folder, "m", "pool1", 2);
        Assert.Equal((3L, false), (again.Count, again.Complete));
        Assert.Equal([(0L, 2), (2L, 1)], again.Read(chunkRows: 2).Select(c => (c.Start, c.Rows.Length)));
        Assert.Equal([5f, 6f], again.Read().Single().Rows[2]);
        // A crash after appending but before the count was recorded: the extra bytes are cut on open.
        File.AppendAllText(Path.Combine(folder, EmbeddingStore.VectorsFile), "junk");
        Assert.Equal(3 * 2 * 4, new FileInfo(Path.Combine(folder, EmbeddingStore.VectorsFile)).Length - 4);
        EmbeddingStore.Open(folder, "m", "pool1", 2);
        Assert.Equal(3 * 2 * 4, new FileInfo(Path.Combine(folder, EmbeddingStore.VectorsFile)).Length);
        var e = Assert.Throws<InvalidOperationException>(() => EmbeddingStore.Open(folder, "other", "pool1", 2));
        Assert.Contains("by model 'm'", e.Message);
    }

    [Fact]
    public void Exact_search_returns_the_nearest_by_squared_l2_smaller_id_first_on_ties()
    {
        using var index = new ExactIndex(2);
        index.Add(0, [[0f, 0f], [1f, 0f], [0f, 2f], [-1f, 0f], [3f, 3f]]);
        var n = index.Search([0.25f, 0f], 3);
        Assert.Equal([(0L, 0.0625f), (1L, 0.5625f), (3L, 1.5625f)], n.Select(x => (x.Id, x.Distance)));
        Assert.Equal([1L, 3L], index.Search([0f, 0f], 3).Skip(1).Select(x => x.Id));   // ids 1 and 3 tie at distance 1
    }

    [Fact]
    public void Hnsw_finds_the_exact_neighbours_on_a_small_set_and_round_trips_through_a_file()
    {
        var rng = new Random(7);
        var data = Enumerable.Range(0, 600).Select(_ => Enumerable.Range(0, 8).Select(_ => (float)rng.NextDouble()).ToArray()).ToArray();
        using var exact = new ExactIndex(8);
        using var hnsw = new HnswIndex(8);
        exact.Add(0, data[..300]); exact.Add(300, data[300..]);
        hnsw.Add(0, data[..300]); hnsw.Add(300, data[300..]);
        Assert.Equal(600, hnsw.Count);
        var queries = Enumerable.Range(0, 20).Select(_ => Enumerable.Range(0, 8).Select(_ => (float)rng.NextDouble()).ToArray()).ToList();
        Assert.Equal(1.0, Recall.AtK(hnsw, exact, queries, 5));
        var first = exact.Search(queries[0], 5);
        var approx = hnsw.Search(queries[0], 5);
        Assert.Equal(first.Select(x => x.Id), approx.Select(x => x.Id));
        for (int i = 0; i < 5; i++) Assert.Equal(first[i].Distance, approx[i].Distance, 1e-4);
        var file = Path.Combine(_dir.Path, "i.usearch");
        hnsw.Save(file);
        using var loaded = HnswIndex.Load(file);
        Assert.Equal(approx.Select(x => x.Id), loaded.Search(queries[0], 5).Select(x => x.Id));
    }

    sealed class WordTokenizer : T0Sharp.Data.Tokenization.ITokenizer
    {
        public int VocabSize => 128; public int PadId => 0; public int EosId => 1; public int UnkId => 2;
        public IReadOnlyList<int> Encode(string text, bool addSpecialTokens = true) =>
            [.. text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => 3 + w.Sum(c => c) % 120), .. addSpecialTokens ? new[] { 1 } : []];
        public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = true) => string.Join(' ', ids);
        public string? IdToToken(int id) => id.ToString();
    }

    [Fact]
    public void Retrieval_keeps_the_union_of_neighbours_with_hit_counts_and_reuses_its_cache()
    {
        using var model = Tiny();
        var tok = new WordTokenizer();
        var pool = Enumerable.Range(0, 40).Select(i => new PoolExample(i % 2 == 0 ? "even_task" : "odd_task", $"text {i} about {(i % 5)} things", $"t{i}", ["a", "b"])).ToList();
        var queries = new[] { "text 3 about 3 things", "about 1 things", "text 10" };
        var outDir = Path.Combine(_dir.Path, "out");
        var retriever = new Retriever(model, tok, "tiny");
        var report = retriever.Run(pool, queries, outDir, new RetrievalOptions(K: 4, Index: "exact"));

        // Independent computation: embed everything, brute-force the 4 nearest of each query, count hits.
        var embedder = new EncoderEmbedder(model);
        var p = embedder.Embed(pool.Select(x => tok.Encode(x.Inputs).ToArray()).ToList());
        var expected = new Dictionary<long, int>();
        foreach (var q in embedder.Embed(queries.Select(x => tok.Encode(x).ToArray()).ToList()))
            foreach (var id in Enumerable.Range(0, p.Length).OrderBy(i => ExactIndex.SquaredL2(q, p[i])).ThenBy(i => i).Take(4))
                expected[id] = expected.GetValueOrDefault(id) + 1;

        var train = RenderedJsonl.Read(report.TrainFile);
        var lines = File.ReadAllLines(report.TrainFile).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(expected.Keys.Order(), lines.Select(l => l.GetProperty("pool_index").GetInt64()));
        Assert.All(lines, l => Assert.Equal(expected[l.GetProperty("pool_index").GetInt64()], l.GetProperty("hits").GetInt32()));
        Assert.Equal(expected.Count, report.Retrieved);
        Assert.Equal(12, expected.Values.Sum());
        Assert.Equal(train.Count, report.TaskMix.Values.Sum());
        Assert.Equal(pool[(int)lines[0].GetProperty("pool_index").GetInt64()].Inputs, train[0].Inputs);
        Assert.Equal(["a", "b"], train[0].AnswerChoices);
        Assert.Equal(40, report.Embedded);

        // Same pool and model: the embeddings come from the cache; HNSW gives the same set here (recall 1).
        var second = retriever.Run(pool, queries, outDir, new RetrievalOptions(K: 4, Index: "hnsw"));
        Assert.Equal(0, second.Embedded);
        Assert.Equal(1.0, second.RecallAtK);
        Assert.Equal(report.TaskMix, second.TaskMix);
        Assert.True(File.Exists(Path.Combine(outDir, "index.usearch")));
    }
}
