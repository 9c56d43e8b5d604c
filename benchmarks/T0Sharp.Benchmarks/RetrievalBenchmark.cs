using System.Diagnostics;
using System.Globalization;
using T0Sharp.Core;
using T0Sharp.Data.Mixtures;
using T0Sharp.Data.Sources;
using T0Sharp.Data.Tasks;
using T0Sharp.Data.Tokenization;
using T0Sharp.Models;
using T0Sharp.Retrieval.Embedding;
using T0Sharp.Retrieval.Index;
using T0Sharp.Retrieval.Pool;

namespace T0Sharp.Benchmarks;

/// <summary>
/// <c>t0sharp bench retrieval [--model DIR] [--examples N] [--vectors N] [--dim D] [--queries Q] [--k K]</c>: DEFT
/// retrieval's costs. (1) Encoder embedding throughput on rendered bundled P3 examples (t5-small-shaped random
/// weights by default): length-sorted padded batches vs one text at a time (the reference), same vectors. (2) Index
/// build and query time on synthetic clustered vectors: USearch HNSW vs exact brute force (the reference), with the
/// HNSW recall@k against exact search.
/// </summary>
public sealed class RetrievalBenchmark : IBenchmark
{
    public string Name => "retrieval";
    public string Description => "DEFT retrieval: embedding examples/s (batched vs one at a time); HNSW build/query time and recall vs exact search";

    public int Run(IReadOnlyList<string> args, TextWriter output)
    {
        var opts = Parse(args);
        int Int(string key, int d) => opts.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : d;
        var examples = Int("examples", 256);
        var vectors = Int("vectors", 50_000);
        var dim = Int("dim", 512);
        var queries = Int("queries", 200);
        var k = Int("k", 10);
        EmbeddingThroughput(opts.GetValueOrDefault("model"), examples, output);
        output.WriteLine();
        IndexCosts(vectors, dim, queries, k, output);
        return 0;
    }

    static void EmbeddingThroughput(string? modelDir, int examples, TextWriter output)
    {
        using var lm = modelDir != null ? PretrainedModel.Load(modelDir) : PretrainedModel.Create(T5Config.Small, seed: 0);
        var tokenizer = TokenizerLoader.Load(BuiltInAssets.T5Tokenizer);
        var data = new DatasetDirectory(BuiltInAssets.Datasets);
        var catalog = new MixtureCatalog(data, PromptCollectionProvider.Load(null), new MixtureBuildOptions { SplitFallbacks = ["validation", "test"] });
        var mixture = catalog.Resolve("t0_train");
        // One template per dataset, examples spread over datasets: a realistic mix of P3 input lengths.
        var perDataset = mixture.Components.GroupBy(c => c.Task.DatasetKey).Select(g => g.First()).ToList();
        var pool = PoolSource.FromMixture(new Mixture("bench", perDataset), data, Math.Max(1, examples / perDataset.Count + 1)).Take(examples).ToList();
        var ids = pool.Select(p => tokenizer.Encode(p.Inputs).Take(512).ToArray()).ToList();
        var embedder = new EncoderEmbedder(lm);
        embedder.Embed(ids.Take(8).ToList());   // warm-up
        var sw = Stopwatch.StartNew();
        var batched = embedder.Embed(ids);
        var batchedSeconds = sw.Elapsed.TotalSeconds;
        sw.Restart();
        var single = ids.Select(i => embedder.Embed([i])[0]).ToList();
        var singleSeconds = sw.Elapsed.TotalSeconds;
        double maxDiff = 0;
        for (int i = 0; i < ids.Count; i++)
            for (int j = 0; j < batched[i].Length; j++) maxDiff = Math.Max(maxDiff, Math.Abs(batched[i][j] - single[i][j]));
        long tokens = ids.Sum(i => (long)i.Length);
        output.WriteLine($"embedding: {(modelDir ?? "t5-small-shaped random weights (T5Config.Small, seed 0)")}, {ids.Count} rendered P3 examples from {perDataset.Count} datasets, " +
                         $"{tokens / (double)ids.Count:F0} tokens on average, CPU threads {TorchSharp.torch.get_num_threads()}");
        output.WriteLine($"  batched (length-sorted, ≤16k padded tokens): {ids.Count / batchedSeconds,8:F1} examples/s {tokens / batchedSeconds,9:F0} tokens/s");
        output.WriteLine($"  one at a time (reference):                  {ids.Count / singleSeconds,8:F1} examples/s {tokens / singleSeconds,9:F0} tokens/s");
        output.WriteLine($"  speed-up {singleSeconds / batchedSeconds:F2}x; largest |batched - single| {maxDiff:E1}");
    }

    static void IndexCosts(int n, int dim, int queries, int k, TextWriter output)
    {
        // Clustered Gaussian vectors (embeddings of a multitask pool cluster by task), fixed seed.
        var rng = new Random(12345);
        int clusters = Math.Max(1, n / 500);
        var centers = Enumerable.Range(0, clusters).Select(_ => Gaussian(rng, dim, 1.0)).ToArray();
        float[] Point() { var c = centers[rng.Next(clusters)]; var p = Gaussian(rng, dim, 0.35); for (int i = 0; i < dim; i++) p[i] += c[i]; return p; }
        var data = Enumerable.Range(0, n).Select(_ => Point()).ToArray();
        var qs = Enumerable.Range(0, queries).Select(_ => Point()).ToList();
        output.WriteLine($"index: {n:N0} vectors × {dim} dims ({clusters} clusters), {queries} queries, k = {k}");

        var sw = Stopwatch.StartNew();
        using var exact = new ExactIndex(dim);
        for (int s = 0; s < n; s += 4096) exact.Add(s, data[s..Math.Min(n, s + 4096)]);
        var exactBuild = sw.Elapsed.TotalSeconds;
        sw.Restart();
        foreach (var q in qs) exact.Search(q, k);
        var exactQuery = sw.Elapsed.TotalSeconds;

        sw.Restart();
        using var hnsw = new HnswIndex(dim);
        for (int s = 0; s < n; s += 4096) hnsw.Add(s, data[s..Math.Min(n, s + 4096)]);
        var hnswBuild = sw.Elapsed.TotalSeconds;
        sw.Restart();
        foreach (var q in qs) hnsw.Search(q, k);
        var hnswQuery = sw.Elapsed.TotalSeconds;
        var recall = Recall.AtK(hnsw, exact, qs, k);

        output.WriteLine($"  HNSW (USearch, M={hnsw.Connectivity}, ef_search={hnsw.ExpansionSearch}): build {hnswBuild,7:F2} s ({n / hnswBuild,9:F0} vectors/s), query {1000 * hnswQuery / queries,8:F3} ms, recall@{k} {recall:P2}");
        output.WriteLine($"  exact brute force (reference):     build {exactBuild,7:F2} s, query {1000 * exactQuery / queries,8:F3} ms, recall 100%");
        output.WriteLine($"  query speed-up {exactQuery / hnswQuery:F1}x");
    }

    static float[] Gaussian(Random rng, int dim, double scale)
    {
        var v = new float[dim];
        for (int i = 0; i < dim; i++)
            v[i] = (float)(scale * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
        return v;
    }

    static Dictionary<string, string> Parse(IReadOnlyList<string> args)
    {
        var d = new Dictionary<string, string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"unexpected argument '{args[i]}'");
            var kv = args[i][2..].Split('=', 2);
            d[kv[0]] = kv.Length == 2 ? kv[1] : (i + 1 < args.Count ? args[++i] : throw new ArgumentException($"--{kv[0]} needs a value"));
        }
        return d;
    }
}
