using T0Sharp.Data.Features;
using T0Sharp.Training.Checkpoints;
using T0Sharp.Training.Data;
using T0Sharp.Training.Loop;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace T0Sharp.Training.Tests.Support;

/// <summary>
/// A small encoder-decoder-shaped module for trainer tests that do not need a real T5: logits at position t come
/// from the encoder token at t, the decoder input at t and a hidden layer with dropout, so it can learn to copy.
/// <see cref="PoisonAtCall"/> makes one forward return NaN logits (divergence tests).
/// </summary>
public sealed class TinyCopyModule : nn.Module<Tensor, Tensor, Tensor>
{
    readonly Embedding encEmb, decEmb;
    readonly Linear hidden, head;
    readonly Dropout dropout;

    public TinyCopyModule(int vocab, int dim, double dropoutRate) : base("tiny_copy")
    {
        encEmb = nn.Embedding(vocab, dim);
        decEmb = nn.Embedding(vocab, dim);
        hidden = nn.Linear(dim, dim);
        head = nn.Linear(dim, vocab, hasBias: false);
        dropout = nn.Dropout(dropoutRate);
        RegisterComponents();
    }

    public override Tensor forward(Tensor enc, Tensor dec)
    {
        var h = encEmb.forward(enc) + decEmb.forward(dec);     // (B, T, D)
        h = dropout.forward(nn.functional.relu(hidden.forward(h))) + h;
        return head.forward(h);                                 // (B, T, V)
    }
}

public sealed class TinyCopyModel : ITrainableModel
{
    readonly TinyCopyModule _module;
    int _calls;

    public TinyCopyModel(int vocab = 16, int dim = 32, double dropout = 0.1, long seed = 1)
    {
        manual_seed(seed);
        _module = new TinyCopyModule(vocab, dim, dropout);
    }

    public int? PoisonAtCall { get; set; }
    public nn.Module Module => _module;
    public bool IsEncoderDecoder => true;
    public Device Device => CPU;

    public Tensor Logits(TrainingBatch b)
    {
        _calls++;
        // The copy task keeps input and target lengths equal; other lengths are cut or padded.
        var enc = tensor(b.EncoderInputTokens!.Select(x => (long)x).ToArray(), [b.Rows, b.InputLength]);
        enc = b.InputLength >= b.TargetLength ? enc[.., ..b.TargetLength] : nn.functional.pad(enc, [0, b.TargetLength - b.InputLength]);
        var dec = tensor(b.DecoderInputTokens.Select(x => (long)x).ToArray(), [b.Rows, b.TargetLength]);
        var logits = _module.forward(enc, dec);
        if (_calls == PoisonAtCall) logits = logits * float.NaN;
        return logits;
    }

    /// <summary>Summed choice log-probabilities from teacher-forced logits over a choice batch (a test model has no scorer of its own).</summary>
    public IReadOnlyList<double[]> ScoreChoices(IReadOnlyList<RankItem> items)
    {
        using var _ = no_grad();
        return items.Select(item =>
        {
            using var scope = NewDisposeScope();
            var lengths = new FeatureLengths(Math.Max(1, item.InputIds.Length), Math.Max(1, item.Choices.Max(c => c.Length)));
            var batch = BatchConversion.From(ChoiceBatchBuilder.EncoderDecoder(
                [new ChoiceExample(item.InputIds, item.Choices, item.Label)], new FeatureConverterOptions(lengths, Pack: false, EosId: null)));
            var targets = tensor(batch.DecoderTargetTokens.Select(t => (long)t).ToArray(), [batch.Rows, batch.TargetLength]);
            var mask = tensor(batch.ChoiceTokenWeights!.Select(t => (float)t).ToArray(), [batch.Rows, batch.TargetLength]);
            var logp = Logits(batch).log_softmax(-1).gather(2, targets.unsqueeze(2)).squeeze(2);
            return logp.mul(mask).sum(1).to(ScalarType.Float64).data<double>().ToArray();
        }).ToList();
    }

    public void Save(string dir)
    {
        Directory.CreateDirectory(dir);
        TensorArchive.Write(Path.Combine(dir, "model.safetensors"), _module.state_dict());
    }

    public void LoadWeights(string dir)
    {
        var loaded = TensorArchive.Read(Path.Combine(dir, "model.safetensors"));
        using var _ = no_grad();
        foreach (var (name, p) in _module.state_dict()) p.copy_(loaded[name]);
        foreach (var t in loaded.Values) t.Dispose();
    }

    public float[] FlatParameters() =>
        _module.parameters().SelectMany(p => p.detach().cpu().data<float>().ToArray()).ToArray();

    public void Dispose() => _module.Dispose();
}
