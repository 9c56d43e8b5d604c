using T0Sharp.Models.Adaptation;
using static TorchSharp.torch;

namespace T0Sharp.Models;

/// <summary>
/// Incremental decoding over a batch of prompts with a KV cache: <see cref="Start"/> returns the logits for the first
/// new token, <see cref="Step"/> feeds the chosen tokens and returns the next logits, <see cref="Select"/> reorders or
/// repeats rows (beam search). T5 encodes the inputs once (right-padded, masked) and starts from the decoder start
/// token; decoder-only models left-pad the prompts (positions from the mask) and continue them. Each prompt's
/// conditioning follows its row through <see cref="Select"/>.
/// </summary>
internal abstract class DecodingSession : IDisposable
{
    protected KvCache Cache = null!;
    protected Conditioning? Conditioning;

    public static DecodingSession Open(ILanguageModel model, IReadOnlyList<IReadOnlyList<int>> prompts,
        IReadOnlyList<ExampleConditioning?>? conditioning = null)
    {
        Conditioning? batch = null;
        if (conditioning is not null)
        {
            using var scope = NewDisposeScope(); // created and detached like every other state the session owns
            batch = ExampleConditioning.Batch(conditioning, model.Device)?.DetachAll();
        }
        return model switch
        {
            IEncoderDecoderLM m => new EncoderDecoderSession(m, prompts, batch),
            ICausalLM m => new CausalSession(m, prompts, batch),
            _ => throw new NotSupportedException($"Decoding needs an encoder-decoder or a causal language model; {model.GetType().Name} is neither."),
        };
    }

    /// <summary>Logits (B, V) fp32 for the first generated position.</summary>
    public abstract Tensor Start();

    /// <summary>Feeds <paramref name="tokens"/> (B,) int64 and returns the next logits (B, V).</summary>
    public abstract Tensor Step(Tensor tokens);

    /// <summary>Keeps rows <paramref name="rows"/> (int64) of every batch-shaped state, in that order.</summary>
    public virtual void Select(Tensor rows)
    {
        Cache.Select(rows);
        if (Conditioning is { } c)
        {
            using var scope = NewDisposeScope();
            Conditioning = c.Select(rows).DetachAll();
            c.DisposeAll();
        }
    }

    public virtual void Dispose()
    {
        Cache.Dispose();
        Conditioning?.DisposeAll();
    }

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

internal sealed class EncoderDecoderSession : DecodingSession
{
    readonly IEncoderDecoderLM model;
    Tensor encoded, encoderMask;
    readonly long batch;

    public EncoderDecoderSession(IEncoderDecoderLM model, IReadOnlyList<IReadOnlyList<int>> prompts, Conditioning? conditioning)
    {
        this.model = model;
        Conditioning = conditioning;
        batch = prompts.Count;
        using var scope = NewDisposeScope();
        var (ids, mask) = Pad(prompts, model.PadTokenId, left: false, model.Device);
        var output = model.Encode(new EncoderInput(ids, mask, Conditioning: conditioning));
        encoded = output.Hidden.DetachFromDisposeScope();
        encoderMask = (output.Mask ?? mask).DetachFromDisposeScope();
        Cache = model.NewCache();
    }

    public override Tensor Start()
    {
        using var scope = NewDisposeScope();
        var start = KeptScalars.Filled(batch, model.DecoderStartTokenId, model.Device);
        return Step(start).MoveToOuterDisposeScope();
    }

    public override Tensor Step(Tensor tokens)
    {
        using var scope = NewDisposeScope();
        var hidden = model.DecoderHidden(new DecoderInput(tokens.view(-1, 1), encoded, encoderMask, Cache, Conditioning: Conditioning));
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

internal sealed class CausalSession : DecodingSession
{
    readonly ICausalLM model;
    readonly Tensor prompt;
    Tensor mask;

    public CausalSession(ICausalLM model, IReadOnlyList<IReadOnlyList<int>> prompts, Conditioning? conditioning)
    {
        if (prompts.Any(p => p.Count == 0)) throw new ArgumentException("A decoder-only model needs at least one prompt token to continue.");
        this.model = model;
        Conditioning = conditioning;
        var (ids, m) = Pad(prompts, model.PadTokenId, left: true, model.Device);
        prompt = ids.DetachFromDisposeScope();
        mask = m.DetachFromDisposeScope();
        Cache = model.NewCache();
    }

    public override Tensor Start()
    {
        using var scope = NewDisposeScope();
        var logits = model.ForwardLogits(new CausalInput(prompt, mask, Cache, Conditioning: Conditioning));
        return logits.select(1, -1).MoveToOuterDisposeScope();
    }

    public override Tensor Step(Tensor tokens)
    {
        using var scope = NewDisposeScope();
        var grown = cat([mask, ones(mask.shape[0], 1, dtype: ScalarType.Int64, device: mask.device)], 1).DetachFromDisposeScope();
        mask.Dispose();
        mask = grown;
        var logits = model.ForwardLogits(new CausalInput(tokens.view(-1, 1), mask, Cache, Conditioning: Conditioning));
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
