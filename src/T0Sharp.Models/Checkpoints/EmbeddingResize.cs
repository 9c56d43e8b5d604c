using System.Text.Json.Nodes;
using T0Sharp.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace T0Sharp.Models.Checkpoints;

/// <summary>What <see cref="EmbeddingResize.Write"/> did: rows before and after, and how the rows were filled.</summary>
public sealed record EmbeddingResizeSummary(int OldRows, int NewRows, int Copied, int Averaged, int Random, int Kept, IReadOnlyList<string> Tensors);

/// <summary>
/// Resizes and re-initialises the vocabulary-indexed tensors of a Hugging Face checkpoint (BLOOM
/// <c>word_embeddings.weight</c>; T5 <c>shared.weight</c> and <c>embed_tokens</c>; an untied <c>lm_head.weight</c>)
/// for a changed tokenizer, working on the stored tensors without building the model. Row <c>i &lt; sources.Count</c>
/// becomes the mean of the old rows <c>sources[i]</c> (one row: a copy), or a fresh N(0, σ²) row where the list is
/// empty (σ = config.json's <c>initializer_range</c>, else <c>initializer_factor</c>, else 0.02, as the models'
/// own initialisation); rows past <c>sources.Count</c> and below the old row count are kept. Other tensors are written
/// unchanged, in the checkpoint's own dtype (an fp32 or bf16 row that is copied stays bit-identical).
/// </summary>
public static class EmbeddingResize
{
    /// <summary>Whether <paramref name="name"/> is a tensor with one row per vocabulary id.</summary>
    public static bool IsVocabularyTensor(string name) =>
        name.EndsWith("word_embeddings.weight", StringComparison.Ordinal) || name.EndsWith("wte.weight", StringComparison.Ordinal)
        || name is "lm_head.weight" or "shared.weight" or "encoder.embed_tokens.weight" or "decoder.embed_tokens.weight";

    /// <summary>
    /// Writes <paramref name="outDir"/>'s config.json (vocab_size = <paramref name="rows"/>), generation_config.json
    /// (copied when present) and weights. <paramref name="rows"/> (at least <c>sources.Count</c>; null: the old row
    /// count or <c>sources.Count</c>, whichever is larger) is the new vocabulary size.
    /// </summary>
    public static EmbeddingResizeSummary Write(string modelDir, string outDir, IReadOnlyList<int[]> sources, int? rows, long seed)
    {
        if (rows < sources.Count) throw new ArgumentException($"{rows} rows cannot hold {sources.Count} ids");
        var configPath = Path.Combine(modelDir, "config.json");
        if (!File.Exists(configPath)) throw new FileNotFoundException($"--model {modelDir}: no config.json there");
        var config = JsonNode.Parse(File.ReadAllText(configPath))!.AsObject();
        var std = Number(config, "initializer_range") ?? Number(config, "initializer_factor") ?? 0.02;

        using var checkpoint = CheckpointReader.Open(modelDir);
        var vocabTensors = checkpoint.Tensors.Where(t => IsVocabularyTensor(t.Name)).ToList();
        if (vocabTensors.Count == 0)
            throw new InvalidDataException($"--model {modelDir}: no embedding tensor found (looked for word_embeddings.weight, shared.weight, embed_tokens, lm_head.weight)");
        var oldRows = (int)vocabTensors[0].Shape[0];
        if (vocabTensors.Any(t => t.Shape.Length != 2 || t.Shape[0] != oldRows))
            throw new InvalidDataException($"--model {modelDir}: the embedding tensors disagree on the vocabulary size ({string.Join(", ", vocabTensors)})");
        foreach (var (src, i) in sources.Select((s, i) => (s, i)))
            if (src.Any(o => o < 0 || o >= oldRows))
                throw new ArgumentException($"row {i} starts from old id {src.First(o => o < 0 || o >= oldRows)}, outside the model's {oldRows} rows");
        var storedType = vocabTensors[0].DType;
        var newRows = rows ?? Math.Max(oldRows, sources.Count);

        using var generator = new torch.Generator((ulong)seed);
        int copied = 0, averaged = 0, random = 0;
        var written = new List<(string Name, Tensor Tensor)>();
        try
        {
            foreach (var info in checkpoint.Tensors)
            {
                var t = checkpoint.Load(info.Name);
                if (!IsVocabularyTensor(info.Name)) { written.Add((info.Name, t)); continue; }
                using (t)
                using (var scope = NewDisposeScope())
                using (no_grad())
                {
                    var d = t.shape[1];
                    var resized = zeros([newRows, d], dtype: ScalarType.Float32);
                    var keep = Math.Min(oldRows, newRows);
                    if (keep > sources.Count) resized.narrow(0, sources.Count, keep - sources.Count).copy_(t.narrow(0, sources.Count, keep - sources.Count));
                    Tensor Ids(IEnumerable<int> ids) => tensor(ids.Select(x => (long)x).ToArray(), ScalarType.Int64);
                    var copies = Enumerable.Range(0, sources.Count).Where(i => sources[i].Length == 1).ToList();
                    var freshRows = Enumerable.Range(0, sources.Count).Where(i => sources[i].Length == 0).ToList();
                    var means = Enumerable.Range(0, sources.Count).Where(i => sources[i].Length > 1).ToList();
                    if (copies.Count > 0) resized.index_copy_(0, Ids(copies), t.index_select(0, Ids(copies.Select(i => sources[i][0]))));
                    // One draw for all fresh rows of this tensor, in id order.
                    if (freshRows.Count > 0) resized.index_copy_(0, Ids(freshRows), randn([freshRows.Count, d], generator: generator).mul_(std));
                    foreach (var i in means)
                    {
                        using var rowScope = NewDisposeScope();
                        resized[i].copy_(t.index_select(0, Ids(sources[i])).mean([0]));
                    }
                    (copied, averaged, random) = (copies.Count, means.Count, freshRows.Count);
                    written.Add((info.Name, resized.MoveToOuterDisposeScope()));
                }
            }
            config["vocab_size"] = newRows;
            Directory.CreateDirectory(outDir);
            CheckpointWriter.Save(outDir, written, storedType.IsFloatingPoint() ? storedType : null);
            AtomicFile.WriteAllText(Path.Combine(outDir, "config.json"), config.ToJsonString(new() { WriteIndented = true }) + "\n");
            var generation = Path.Combine(modelDir, "generation_config.json");
            if (File.Exists(generation)) File.Copy(generation, Path.Combine(outDir, "generation_config.json"), overwrite: true);
        }
        finally
        {
            foreach (var (_, t) in written) t.Dispose();
        }
        var kept = Math.Max(0, Math.Min(oldRows, newRows) - sources.Count);
        return new EmbeddingResizeSummary(oldRows, newRows, copied, averaged, random, kept, vocabTensors.Select(t => t.Name).ToList());
    }

    static double? Number(JsonObject o, string key) => o[key] is JsonValue v && v.TryGetValue<double>(out var d) ? d : null;
}
