using T0Sharp.Models.Bloom;
using T0Sharp.Models.T5;
using static TorchSharp.torch;

namespace T0Sharp.Models;

/// <summary>
/// Incremental decoding over a batch of prompts with a KV cache: <see cref="Start"/> returns the logits for the first
/// new token, <see cref="Step"/> feeds the chosen tokens and returns the next logits, <see cref="Select"/> reorders or
/// repeats rows (beam search). T5 encodes the inputs once (right-padded, masked) and starts from the decoder start
/// token; BLOOM left-pads the prompts (positions from the mask) and continues them.
/// </summary>
internal abstract class DecodingSession : IDisposable
{
    protected KvCache Cache = null!;

    public static DecodingSession Open(ILanguageModel model, IReadOnlyList<IReadOnlyList<int>> prompts) => model switch
    {
        T5ForConditionalGeneration t5 => new T5Session(t5, prompts),
        BloomForCausalLM bloom => new BloomSession(bloom, prompts),
        _ => throw new NotSupportedException($"Decoding is not implemented for {model.GetType().Name}"),
    };

    /// <summary>Logits (B, V) fp32 for the first generated position.</summary>
    public abstract Tensor Start();

    /// <summary>Feeds <paramref name="tokens"/> (B,) int64 and returns the next logits (B, V).</summary>
    public abstract Tensor Step(Tensor tokens);

    /// <summary>Keeps rows <paramref name="rows"/> (int64) of every batch-shaped state, in that order.</summary>
    public virtual void Select(Tensor rows) => Cache.Select(rows);

    public virtual void Dispose() => Cache.Dispose();

    /// <summary>Packs id lists into a padded (B, L) int64 tensor and its 1/0 mask; left or right padding.</summary>
    public static (Tensor ids, Tensor mask) Pad(IReadOnlyList<IReadOnlyList<int>> rows, long pad, bool left, Device device)
    {
        int width = Math.Max(1, rows.Max(r => r.Count));
        var ids = new long[rows.Count * width];
        var mask = new long[rows.Count * width];
        for (int i = 0; i < rows.Count; i++)
        {
            int offset = left ? width - rows[i].Count : 0;
            for (int j = 0; j < width; j++) ids[i * width + j] = pad;
            for (int j = 0; j < rows[i].Count; j++) { ids[i * width + offset + j] = rows[i][j]; mask[i * width + offset + j] = 1; }
        }
        return (tensor(ids, [rows.Count, width], device: device), tensor(mask, [rows.Count, width], device: device));
    }
}

internal sealed class T5Session : DecodingSession
{
    readonly T5ForConditionalGeneration model;
    Tensor encoded, encoderMask;
    readonly long batch;

    public T5Session(T5ForConditionalGeneration model, IReadOnlyList<IReadOnlyList<int>> prompts)
    {
        this.model = model;
        batch = prompts.Count;
        var (ids, mask) = Pad(prompts, model.Config.PadTokenId ?? 0, left: false, model.Device);
        using (ids)
        {
            encoderMask = mask.DetachFromDisposeScope();
            encoded = model.Encode(ids, encoderMask).DetachFromDisposeScope();
        }
        Cache = model.NewCache();
    }

    public override Tensor Start()
    {
        using var scope = NewDisposeScope();
        var start = full(batch, model.Config.DecoderStartTokenId ?? 0, dtype: ScalarType.Int64, device: model.Device);
        return Step(start).MoveToOuterDisposeScope();
    }

    public override Tensor Step(Tensor tokens)
    {
        using var scope = NewDisposeScope();
        var hidden = model.DecoderHidden(new T5DecoderInput(tokens.view(-1, 1), encoded, encoderMask, Cache));
        return model.LmHead(hidden.select(1, -1)).MoveToOuterDisposeScope();
    }

    public override void Select(Tensor rows)
    {
        base.Select(rows);
        Replace(ref encoded, encoded.index_select(0, rows));
        Replace(ref encoderMask, encoderMask.index_select(0, rows));
    }

    static void Replace(ref Tensor field, Tensor value)
    {
        var old = field;
        field = value.DetachFromDisposeScope();
        old.Dispose();
    }

    public override void Dispose()
    {
        base.Dispose();
        encoded.Dispose();
        encoderMask.Dispose();
    }
}

internal sealed class BloomSession : DecodingSession
{
    readonly BloomForCausalLM model;
    readonly Tensor prompt;
    Tensor mask;

    public BloomSession(BloomForCausalLM model, IReadOnlyList<IReadOnlyList<int>> prompts)
    {
        if (prompts.Any(p => p.Count == 0)) throw new ArgumentException("A decoder-only model needs at least one prompt token to continue.");
        this.model = model;
        var pad = model.Config.PadTokenId ?? model.Config.EosTokenId ?? 0;
        var (ids, m) = Pad(prompts, pad, left: true, model.Device);
        prompt = ids.DetachFromDisposeScope();
        mask = m.DetachFromDisposeScope();
        Cache = model.NewCache();
    }

    public override Tensor Start()
    {
        using var scope = NewDisposeScope();
        var logits = model.ForwardLogits(new BloomInput(prompt, mask, Cache));
        return logits.select(1, -1).MoveToOuterDisposeScope();
    }

    public override Tensor Step(Tensor tokens)
    {
        using var scope = NewDisposeScope();
        var grown = cat([mask, ones(mask.shape[0], 1, dtype: ScalarType.Int64, device: mask.device)], 1).DetachFromDisposeScope();
        mask.Dispose();
        mask = grown;
        var logits = model.ForwardLogits(new BloomInput(tokens.view(-1, 1), mask, Cache));
        return logits.select(1, -1).MoveToOuterDisposeScope();
    }

    public override void Select(Tensor rows)
    {
        base.Select(rows);
        var old = mask;
        mask = mask.index_select(0, rows).DetachFromDisposeScope();
        old.Dispose();
    }

    public override void Dispose()
    {
        base.Dispose();
        prompt.Dispose();
        mask.Dispose();
    }
}
