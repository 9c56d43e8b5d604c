using System.Text.Json.Nodes;
using T0Sharp.Models.Checkpoints;
using T0Sharp.Training.Loop;
using T0Sharp.Training.Options;

namespace T0Sharp.Training.Setup;

/// <summary>
/// model.trainable: freezes what a full-model run does not train, before the optimizer is built (frozen tensors get
/// no gradient and no optimizer state). <c>embeddings</c> trains the vocabulary-indexed tables only (BLOOM+1's
/// embedding-only adaptation); <c>new_embeddings</c> also zeroes the gradient of the rows below
/// model.new_embeddings_from every step, so only the rows of tokens added by <c>t0sharp tokenizer extend</c> move
/// (BLOOM+1's extend, which registers a gradient hook to the same effect).
/// </summary>
public static class TrainableSetup
{
    /// <summary>Applies model.trainable to <paramref name="model"/>; returns a description for the console, or null for <c>all</c>.</summary>
    public static string? Apply(LanguageModelAdapter model, TrainOptions o, bool adapterRun)
    {
        var kind = o.Model.Trainable;
        if (kind == TrainableParts.All) return null;
        var name = kind == TrainableParts.Embeddings ? "embeddings" : "new_embeddings";
        if (adapterRun)
            throw new OptionsException($"model.trainable {name}: an adapter run trains its adapter; to train the embeddings with it, " +
                "list them in peft.modules_to_save (BLOOM: [word_embeddings]; T5: [shared, lm_head]) so they are saved with the adapter");
        var embeddings = model.Module.named_parameters().Where(p => EmbeddingResize.IsVocabularyTensor(p.name)).ToList();
        if (embeddings.Count == 0) throw new OptionsException($"model.trainable {name}: this model has no embedding table to train");
        foreach (var (n, p) in model.Module.named_parameters())
            p.requires_grad = embeddings.Any(e => e.name == n);
        if (kind == TrainableParts.Embeddings)
            return $"training only {string.Join(", ", embeddings.Select(e => e.name))}";

        if (o.Optimizer.WeightDecay != 0)
            throw new OptionsException($"model.trainable new_embeddings: optimizer.weight_decay {o.Optimizer.WeightDecay} would move the frozen rows; set it to 0");
        var from = o.Model.NewEmbeddingsFrom ?? FromExtensionReport(o.Model.InitFrom);
        var rows = (int)embeddings[0].parameter.shape[0];
        if (from < 1 || from >= rows)
            throw new OptionsException($"model.new_embeddings_from {from}: must be in [1, {rows}) (the embedding table has {rows} rows)");
        model.FrozenRows = embeddings.Select(e => (e.parameter, from)).ToList();
        return $"training only rows {from}..{rows - 1} of {string.Join(", ", embeddings.Select(e => e.name))}";
    }

    static int FromExtensionReport(string? initFrom)
    {
        var report = initFrom is null ? null : Path.Combine(initFrom, "tokenizer_extension.json");
        if (report is null || !File.Exists(report))
            throw new OptionsException("model.trainable new_embeddings: set model.new_embeddings_from (the first new id), or start from a folder " +
                "written by `t0sharp tokenizer extend` (its tokenizer_extension.json holds it)");
        var node = JsonNode.Parse(File.ReadAllText(report));
        if (node?["strategy"]?.GetValue<string>() != "extend" || node["old_vocab_size"] is not JsonValue v || !v.TryGetValue<int>(out var old))
            throw new OptionsException($"{report}: not an extend report with old_vocab_size; set model.new_embeddings_from");
        return old;
    }
}
