using T0Sharp.Data.Tokenization;
using T0Sharp.Models;
using T0Sharp.Models.Adaptation;
using T0Sharp.Training.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace T0Sharp.Training.Loop;

/// <summary>
/// Trains a models-layer <see cref="ILanguageModel"/> (T5 family or BLOOM): turns a <see cref="TrainingBatch"/>
/// into a <see cref="ModelBatch"/> (segment ids and positions for packed rows, an attention mask otherwise),
/// saves with <see cref="Checkpoints.HfCheckpointFolder"/> (a complete Hugging Face folder) and reloads weights bit-exactly.
/// </summary>
public sealed class LanguageModelAdapter(ILanguageModel model, string? loadedFrom = null) : ITrainableModel
{
    string? _loadedFrom = loadedFrom is null ? null : Path.GetFullPath(loadedFrom);

    public ILanguageModel Model => model;
    public nn.Module Module => model.Module;
    public bool IsEncoderDecoder => model.IsEncoderDecoder;
    public Device Device => model.Device;

    public Tensor Logits(TrainingBatch b)
    {
        var dev = model.Device;
        Tensor Ids(int[] a, int len) => tensor(a.Select(x => (long)x).ToArray(), [b.Rows, len], device: dev);
        Tensor? Opt(int[]? a, int len) => a is null ? null : Ids(a, len);
        // Soft prompts and prefixes refuse packing structure: an unpacked batch (one example per row) goes in as tokens
        // plus a padding mask, which is what segment ids 1/0 and positions 0.. say for such rows.
        if ((model.Adaptation.HasInputPrompt || model.Adaptation.HasPrefix) && IsUnpacked(b))
            b = b with { EncoderSegmentIds = null, EncoderPositions = null, DecoderSegmentIds = null, DecoderPositions = null };
        if (model.IsEncoderDecoder)
        {
            if (b.EncoderInputTokens is null) throw new ArgumentException("an encoder-decoder model needs encoder inputs in the batch");
            var input = Ids(b.EncoderInputTokens, b.InputLength);
            var mask = b.EncoderSegmentIds is null ? input.NotEqualTo(0).to(ScalarType.Int64) : null;
            if (mask is not null && b.EncoderInputTokens.All(t => t != 0)) mask = null;
            return model.Logits(new ModelBatch(input, Ids(b.DecoderInputTokens, b.TargetLength),
                Opt(b.EncoderSegmentIds, b.InputLength), Opt(b.DecoderSegmentIds, b.TargetLength),
                Opt(b.EncoderPositions, b.InputLength), Opt(b.DecoderPositions, b.TargetLength), mask, Conditioning(b)));
        }
        var tokens = Ids(b.DecoderInputTokens, b.TargetLength);
        var causalMask = b.DecoderSegmentIds is null && b.DecoderInputTokens.Any(t => t == 0) ? tokens.NotEqualTo(0).to(ScalarType.Int64) : null;
        return model.Logits(new ModelBatch(tokens,
            InputSegmentIds: Opt(b.DecoderSegmentIds, b.TargetLength), InputPositions: Opt(b.DecoderPositions, b.TargetLength),
            AttentionMask: causalMask, Conditioning: Conditioning(b)));
    }

    /// <summary>True when every row holds at most one example (segment ids only 0 and 1).</summary>
    static bool IsUnpacked(TrainingBatch b) =>
        (b.EncoderSegmentIds ?? []).All(s => s <= 1) && (b.DecoderSegmentIds ?? []).All(s => s <= 1);

    /// <summary>The batch's per-row conditioning (task ids, language ids, instruction) for task-conditioned adapters, or null.</summary>
    Conditioning? Conditioning(TrainingBatch b)
    {
        if (b.TaskIds is null && b.LanguageIds is null && b.InstructionTokens is null) return null;
        var dev = model.Device;
        var instruction = b.InstructionTokens is { } ins ? tensor(ins.Select(x => (long)x).ToArray(), [b.Rows, b.InstructionLength], device: dev) : null;
        return new Conditioning(
            b.TaskIds is { } t ? tensor(t.Select(x => (long)x).ToArray(), device: dev) : null,
            b.LanguageIds is { } l ? (l.Length == b.Rows ? tensor(l.Select(x => (long)x).ToArray(), device: dev)
                : tensor(l.Select(x => (long)x).ToArray(), [b.Rows, 2], device: dev)) : null,
            instruction, instruction?.NotEqualTo(0).to(ScalarType.Int64));
    }

    /// <summary>Rank classification through the models layer's scorer, exactly as <c>t0sharp eval</c> scores.</summary>
    public IReadOnlyList<double[]> ScoreChoices(IReadOnlyList<RankItem> items)
    {
        var scorer = new SequenceScorer(model);
        var requests = items.Select(i => new ScoreRequest(i.InputIds, i.Choices,
            i.TaskIndex >= 0 ? ExampleConditioning.Task(i.TaskIndex) : null)).ToList();
        return scorer.ScoreTargets(requests).Select(r => r.Select(tokens => tokens.Sum(x => (double)x)).ToArray()).ToList();
    }

    /// <summary>
    /// The run's tokenizer and the file or folder it was loaded from, saved beside the weights (with
    /// tokenizer_config.json and special_tokens_map.json) so the folder is self-contained.
    /// </summary>
    public (ITokenizer Tokenizer, string Source)? Tokenizer { get; set; }

    /// <summary>The adapter this run trains (only its tensors are trainable); null trains the whole model.</summary>
    public ITrainedAdapter? Adapter { get; set; }

    /// <summary>Parameters whose first rows are frozen (their gradient rows zeroed every step), and how many rows.</summary>
    public IReadOnlyList<(TorchSharp.Modules.Parameter Parameter, int Rows)> FrozenRows { get; set; } = [];

    public void MaskGradients()
    {
        using var _ = no_grad();
        foreach (var (p, rows) in FrozenRows)
            if (p.grad is { } g) g.narrow(0, 0, Math.Min(rows, g.shape[0])).zero_();
    }

    public string CheckpointFolder => Adapter is null ? "model" : "adapter";

    public void Save(string dir)
    {
        if (Adapter is not null)
        {
            Adapter.Save(dir);
            if (Tokenizer is var (tokenizer, source)) TokenizerFiles.Save(tokenizer, source, dir);
            return;
        }
        Checkpoints.HfCheckpointFolder.Save(model, dir, Tokenizer?.Tokenizer, Tokenizer?.Source);
    }

    public void LoadWeights(string dir)
    {
        if (Adapter is not null)
        {
            Adapter.Load(dir);
            return;
        }
        var full = Path.GetFullPath(dir);
        if (full == _loadedFrom) return; // this model was just loaded from there
        using var loaded = PretrainedModel.Load(dir, model.Device, model.ComputeDtype);
        CopyParameters(loaded.Module, model.Module, dir);
        _loadedFrom = full;
    }

    /// <summary>Copies every parameter of <paramref name="from"/> into <paramref name="to"/> (same architecture).</summary>
    public static void CopyParameters(nn.Module from, nn.Module to, string source)
    {
        using var _ = no_grad();
        var src = from.named_parameters().ToDictionary(p => p.name, p => p.parameter, StringComparer.Ordinal);
        foreach (var (name, p) in to.named_parameters())
        {
            if (!src.TryGetValue(name, out var s) || !s.shape.SequenceEqual(p.shape))
                throw new InvalidDataException($"{source}: the checkpoint's model does not match this one at '{name}'");
            p.copy_(s);
        }
    }

    public void Dispose() => model.Dispose();
}
