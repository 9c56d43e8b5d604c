using T0Sharp.Models.Adaptation;
using T0Sharp.Peft.Config;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace T0Sharp.Peft.Methods.PrefixTuning;

/// <summary>
/// A prefix-tuning adapter: per-layer prefix keys and values from PEFT's table in PEFT's layout
/// (<see cref="PrefixLayout"/>) for decoder self-attention (T5 decoder, BLOOM), plus — with
/// <see cref="PrefixTuningConfig.EncoderPrefix"/> — T5 encoder self-attention from a second table saved as
/// <c>encoder_prompt_embeddings</c>. Decoder cross-attention gets none, as in transformers (see <see cref="PrefixLayout"/>).
/// </summary>
internal sealed class PrefixTuningAdapter : AppliedAdapter, IPrefixProvider
{
    readonly PrefixEncoder _decoder;
    readonly PrefixEncoder? _encoder;
    readonly ModelShape _shape;
    readonly int _layers;
    readonly bool _seq2seq;
    readonly List<string> _notes;

    public PrefixTuningAdapter(PrefixTuningConfig config, ModelShape shape, bool seq2seq, PrefixEncoder decoder, PrefixEncoder? encoder, List<string> notes)
        : base(config)
    {
        (_decoder, _encoder, _shape, _seq2seq, _notes) = (decoder, encoder, shape, seq2seq, notes);
        _layers = config.NumLayers!.Value;
    }

    public override IReadOnlyList<string> Notes => _notes;

    public IReadOnlyList<AttentionPrefix>? Prefixes(AttentionSite site, long rows, Conditioning? conditioning)
    {
        switch (site)
        {
            case AttentionSite.DecoderSelf:
            {
                var entries = PrefixLayout.Entries(_decoder.Table(), _layers, _shape.Heads, _shape.HeadDim);
                return Enumerable.Range(0, _shape.DecoderLayers).Select(i =>
                {
                    // Decoder blocks past num_layers are bypassed (PeftMethod's truncation note); they get layer 0's entries.
                    var (k, v) = _seq2seq ? PrefixLayout.Seq2SeqDecoderSelf(i < _layers ? i : 0, _layers) : PrefixLayout.Bloom(i, _layers);
                    return Prefix(entries, k, v, rows);
                }).ToList();
            }
            case AttentionSite.EncoderSelf when _encoder is not null:
            {
                var entries = PrefixLayout.Entries(_encoder.Table(), _shape.EncoderLayers, _shape.Heads, _shape.HeadDim);
                return Enumerable.Range(0, _shape.EncoderLayers).Select(i =>
                {
                    var (k, v) = PrefixLayout.Encoder(i);
                    return Prefix(entries, k, v, rows);
                }).ToList();
            }
            default:
                return null;
        }
    }

    static AttentionPrefix Prefix(Tensor entries, int key, int value, long rows) =>
        new(entries[key].unsqueeze(0).expand(rows, -1, -1, -1), entries[value].unsqueeze(0).expand(rows, -1, -1, -1)); // (B, H, n, Dh)

    public override IReadOnlyList<(string Name, Parameter Parameter)> Parameters
    {
        get
        {
            var list = _decoder.named_parameters().Select(p => ("prompt_encoder." + p.name, p.parameter)).ToList();
            if (_encoder is not null) list.AddRange(_encoder.named_parameters().Select(p => ("encoder_prompt_encoder." + p.name, p.parameter)));
            return list;
        }
    }

    public override IReadOnlyList<AdapterTensor> Tensors
    {
        get
        {
            var list = new List<AdapterTensor> { TableTensor("prompt_embeddings", _decoder) };
            if (_encoder is not null) list.Add(TableTensor("encoder_prompt_embeddings", _encoder));
            return list;
        }
    }

    /// <summary>The saved table: the embedding, or (prefix_projection) its projection, as PEFT's get_prompt_embedding_to_save.</summary>
    static AdapterTensor TableTensor(string key, PrefixEncoder encoder)
    {
        long[] shape;
        using (no_grad()) using (var t = encoder.Table()) shape = t.shape;
        return new AdapterTensor(key, shape,
            () => { using var _ = no_grad(); return encoder.Table().detach(); },
            value =>
            {
                if (encoder.Projected)
                    throw new InvalidOperationException("a prefix table cannot be loaded into a projected prefix encoder; load adapters without prefix_projection's training network");
                using var _ = no_grad();
                encoder.Weight.copy_(value);
            });
    }

    public override IReadOnlyList<string> Targets
    {
        get
        {
            var sites = _seq2seq ? $"decoder self-attention ({_shape.DecoderLayers} layers)" : $"self-attention ({_shape.DecoderLayers} layers)";
            if (_encoder is not null) sites += $", encoder self-attention ({_shape.EncoderLayers} layers)";
            return [sites + $", {((PrefixTuningConfig)Config).VirtualTokens} virtual tokens"];
        }
    }
}
