using System.Diagnostics;
using T0Sharp.Core;
using T0Sharp.Data.Tokenization;
using T0Sharp.Models;
using T0Sharp.Retrieval.Embedding;
using T0Sharp.Retrieval.Index;
using T0Sharp.Retrieval.Pool;

namespace T0Sharp.Retrieval;

/// <summary>Retrieval settings.</summary>
/// <param name="K">Neighbours per query (DEFT: 500).</param>
/// <param name="Index">"exact", "hnsw", or "auto" (exact up to <paramref name="ExactLimit"/> pool vectors, HNSW above).</param>
/// <param name="MaxInputTokens">Texts are embedded from their first tokens (EOS kept at the end).</param>
/// <param name="EmbedChunk">Pool examples embedded (and appended to the cache) per chunk.</param>
/// <param name="RecallQueries">HNSW only: queries whose recall@k against exact search is measured (0: skip).</param>
/// <param name="RandomBaseline">Also write <c>random.jsonl</c>: as many pool examples as were retrieved, drawn uniformly
/// without replacement (seed 0) — DEFT's control, so a gain can be told from "any finetuning data helps".</param>
public sealed record RetrievalOptions(int K, string Index = "auto", int MaxInputTokens = 512, int EmbedChunk = 1024,
    int ExactLimit = 100_000, int RecallQueries = 100, bool RandomBaseline = false);

/// <summary>What a retrieval run did and measured.</summary>
public sealed record RetrievalReport
{
    public required long PoolSize { get; init; }
    public required int Queries { get; init; }
    public required int K { get; init; }
    public required string Index { get; init; }
    public required long Retrieved { get; init; }
    public required IReadOnlyDictionary<string, long> TaskMix { get; init; }
    public required IReadOnlyDictionary<string, long> TaskHits { get; init; }
    public double? RecallAtK { get; init; }
    public long Embedded { get; init; }
    public double EmbedSeconds { get; init; }
    public long EmbeddedTokens { get; init; }
    public double IndexBuildSeconds { get; init; }
    public double QuerySeconds { get; init; }
    public required string TrainFile { get; init; }
}

/// <summary>
/// DEFT's cross-task nearest neighbours (Ivison et al. 2022; allenai/data-efficient-finetuning
/// scripts/index_p3_train_reps.py and retrieve_training_data_rank.py): embed every pool input with the model's encoder
/// (<see cref="EncoderEmbedder"/>), index the embeddings (squared L2), embed the unlabeled query inputs of the target
/// task, take each query's k nearest pool examples, and keep their union with hit counts (how many queries retrieved
/// each). The retrieved examples are written as a training file that <c>t0sharp train</c> reads (data.train_files).
/// <para>Output folder: <c>pool/pool.jsonl</c> (the pool, in id order), <c>pool/vectors.f32</c> + <c>pool/meta.json</c>
/// (the embedding cache, resumable and reused by later runs over the same pool and model), <c>index.usearch</c> (HNSW
/// only), <c>train.jsonl</c> (retrieved examples in pool order: task, inputs, targets, answer_choices, hits,
/// pool_index) and <c>retrieval.json</c> (the report).</para>
/// </summary>
public sealed class Retriever(ILanguageModel model, ITokenizer tokenizer, string modelKey, Action<string>? log = null)
{
    readonly EncoderEmbedder _embedder = new(model);

    public RetrievalReport Run(IEnumerable<PoolExample> pool, IReadOnlyList<string> queries, string outDir, RetrievalOptions o, CancellationToken cancel = default)
    {
        if (o.K < 1) throw new ArgumentOutOfRangeException(nameof(o), "--k must be at least 1");
        if (queries.Count == 0) throw new InvalidOperationException("no query inputs: the query task or file yielded nothing");
        if (o.MaxInputTokens < 2) throw new ArgumentOutOfRangeException(nameof(o), "--max-input-tokens must be at least 2");
        _maxTokens = o.MaxInputTokens;
        var poolDir = Path.Combine(outDir, "pool");
        Directory.CreateDirectory(poolDir);
        var poolFile = Path.Combine(poolDir, "pool.jsonl");
        var (count, fingerprint) = WritePool(pool, poolFile);
        if (count == 0) throw new InvalidOperationException("the pool is empty");
        log?.Invoke($"pool: {count:N0} examples ({fingerprint})");

        var store = EmbeddingStore.Open(poolDir, modelKey, fingerprint, _embedder.Dimension);
        var (embedded, tokens, embedSeconds) = EmbedPool(store, poolFile, o, cancel);

        var kind = o.Index == "auto" ? (store.Count <= o.ExactLimit ? "exact" : "hnsw") : o.Index;
        var sw = Stopwatch.StartNew();
        using var index = Build(kind, store);
        var buildSeconds = sw.Elapsed.TotalSeconds;
        if (index is HnswIndex h) h.Save(Path.Combine(outDir, "index.usearch"));
        log?.Invoke($"index: {kind}, {index.Count:N0} vectors, built in {buildSeconds:F2} s");

        var queryVectors = _embedder.Embed(queries.Select(Encode).ToList());
        sw.Restart();
        var hits = new Dictionary<long, int>();
        foreach (var q in queryVectors)
            foreach (var n in index.Search(q, o.K)) hits[n.Id] = hits.GetValueOrDefault(n.Id) + 1;
        var querySeconds = sw.Elapsed.TotalSeconds;

        double? recall = null;
        if (index is HnswIndex && o.RecallQueries > 0)
        {
            using var exact = Build("exact", store);
            recall = Recall.AtK(index, exact, queryVectors.Take(o.RecallQueries).ToList(), o.K);
            log?.Invoke($"recall@{o.K} of the HNSW index against exact search: {recall:P2}");
        }

        var trainFile = Path.Combine(outDir, "train.jsonl");
        var (mix, taskHits) = WriteRetrieved(poolFile, hits, trainFile);
        if (o.RandomBaseline)
        {
            var rng = new Random(0);
            var ids = Enumerable.Range(0, (int)store.Count).Select(i => (long)i).ToArray();
            rng.Shuffle(ids);
            WriteRetrieved(poolFile, ids.Take(hits.Count).ToDictionary(i => i, _ => 0), Path.Combine(outDir, "random.jsonl"));
        }
        var report = new RetrievalReport
        {
            PoolSize = store.Count, Queries = queries.Count, K = o.K, Index = kind, Retrieved = hits.Count,
            TaskMix = mix, TaskHits = taskHits, RecallAtK = recall, Embedded = embedded, EmbedSeconds = embedSeconds,
            EmbeddedTokens = tokens, IndexBuildSeconds = buildSeconds, QuerySeconds = querySeconds, TrainFile = trainFile,
        };
        AtomicFile.WriteAllText(Path.Combine(outDir, "retrieval.json"),
            System.Text.Json.JsonSerializer.Serialize(report, new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        return report;
    }

    int[] Encode(string text)
    {
        var ids = tokenizer.Encode(text).ToArray();
        if (ids.Length <= _maxTokens) return ids;
        var cut = ids[..(_maxTokens - 1)];
        return [.. cut, tokenizer.EosId];
    }

    int _maxTokens = 512;   // set from the options at the start of each run

    (long Embedded, long Tokens, double Seconds) EmbedPool(EmbeddingStore store, string poolFile, RetrievalOptions o, CancellationToken cancel)
    {
        if (store.Complete) { log?.Invoke($"embeddings: {store.Count:N0} cached in {store.Folder}"); return (0, 0, 0); }
        if (store.Count > 0) log?.Invoke($"embeddings: resuming after {store.Count:N0} cached vectors");
        long embedded = 0, tokens = 0;
        var sw = Stopwatch.StartNew();
        var chunk = new List<int[]>(o.EmbedChunk);
        foreach (var line in File.ReadLines(poolFile).Skip((int)store.Count))
        {
            var ex = PoolExample.FromJson(line);
            chunk.Add(ex.InputIds is { } ids ? Truncate(ids) : Encode(ex.Inputs));
            if (chunk.Count == o.EmbedChunk) Flush();
        }
        Flush();
        store.MarkComplete();
        var seconds = sw.Elapsed.TotalSeconds;
        log?.Invoke($"embeddings: {embedded:N0} examples in {seconds:F1} s ({embedded / Math.Max(seconds, 1e-9):F1} examples/s, {tokens / Math.Max(seconds, 1e-9):F0} tokens/s)");
        return (embedded, tokens, seconds);

        void Flush()
        {
            if (chunk.Count == 0) return;
            cancel.ThrowIfCancellationRequested();
            store.Append(_embedder.Embed(chunk));
            embedded += chunk.Count; tokens += chunk.Sum(c => (long)c.Length);
            chunk.Clear();
        }
    }

    int[] Truncate(int[] ids) => ids.Length <= _maxTokens ? ids : [.. ids[..(_maxTokens - 1)], tokenizer.EosId];

    IVectorIndex Build(string kind, EmbeddingStore store)
    {
        IVectorIndex index = kind switch
        {
            "exact" => new ExactIndex(store.Dimension),
            "hnsw" => new HnswIndex(store.Dimension),
            _ => throw new ArgumentException($"--index '{kind}': use exact, hnsw or auto"),
        };
        foreach (var (start, rows) in store.Read()) index.Add(start, rows);   // streams the cache chunk by chunk
        return index;
    }

    /// <summary>Writes the pool (atomically) unless an identical one is already there; its size and fingerprint.</summary>
    static (long Count, string Fingerprint) WritePool(IEnumerable<PoolExample> pool, string path)
    {
        var tmp = path + ".tmp";
        long count = 0;
        using (var w = new StreamWriter(tmp))
            foreach (var e in pool) { w.WriteLine(e.ToJson()); count++; }
        var fingerprint = PoolSource.Fingerprint(File.ReadLines(tmp).Select(PoolExample.FromJson));
        File.Move(tmp, path, overwrite: true);
        return (count, fingerprint);
    }

    /// <summary>The union of the neighbours with hit counts, in pool order; per-task example and hit counts.</summary>
    static (Dictionary<string, long> Mix, Dictionary<string, long> Hits) WriteRetrieved(string poolFile, Dictionary<long, int> hits, string trainFile)
    {
        var mix = new Dictionary<string, long>(StringComparer.Ordinal);
        var taskHits = new Dictionary<string, long>(StringComparer.Ordinal);
        var lines = new List<string>();
        long id = 0;
        foreach (var line in File.ReadLines(poolFile))
        {
            if (hits.TryGetValue(id, out var n))
            {
                var e = PoolExample.FromJson(line);
                mix[e.Task] = mix.GetValueOrDefault(e.Task) + 1;
                taskHits[e.Task] = taskHits.GetValueOrDefault(e.Task) + n;
                var obj = new System.Text.Json.Nodes.JsonObject
                {
                    ["task"] = e.Task, ["inputs"] = e.Inputs, ["targets"] = e.Targets,
                    ["hits"] = n, ["pool_index"] = id,
                };
                if (e.AnswerChoices != null) obj["answer_choices"] = new System.Text.Json.Nodes.JsonArray(e.AnswerChoices.Select(c => (System.Text.Json.Nodes.JsonNode?)c).ToArray());
                lines.Add(obj.ToJsonString());
            }
            id++;
        }
        AtomicFile.WriteAllLines(trainFile, lines);
        return (mix, taskHits);
    }
}
