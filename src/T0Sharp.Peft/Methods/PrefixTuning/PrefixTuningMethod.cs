using T0Sharp.Models;
using T0Sharp.Models.Adaptation;
using T0Sharp.Peft.Config;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace T0Sharp.Peft.Methods.PrefixTuning;

/// <summary>
/// Applies a <see cref="PrefixTuningConfig"/>. New adapters get token_dim = heads · head width (T5: d_kv · num_heads,
/// not PEFT's d_model, which is wrong whenever they differ) and num_layers = the decoder's depth (PEFT takes T5's
/// num_layers, the encoder's depth). A loaded adapter whose num_layers is below the decoder's depth is applied as PEFT
/// applies it: transformers then runs only the first num_layers decoder blocks, and so does T0Sharp (a note says so).
/// </summary>
public sealed class PrefixTuningMethod : IPeftInjector
{
    public PeftConfig Complete(PeftConfig config, ILanguageModel model, string source)
    {
        var c = ModelKinds.WithTaskType((PrefixTuningConfig)config, model, source);
        var s = ModelShape.Of(model);
        var seq2seq = model.IsEncoderDecoder;
        c = c with
        {
            TokenDim = c.TokenDim ?? s.AttentionWidth,
            NumAttentionHeads = c.NumAttentionHeads ?? s.Heads,
            NumLayers = c.NumLayers ?? s.DecoderLayers,
            NumTransformerSubmodules = c.NumTransformerSubmodules ?? (seq2seq ? 2 : 1),
        };
        c = c with { EncoderHiddenSize = c.EncoderHiddenSize ?? c.TokenDim };
        c.Validate(source);
        if (c.NumAttentionHeads != s.Heads)
            throw new InvalidDataException($"{source}: \"num_attention_heads\" is {c.NumAttentionHeads} but the model has {s.Heads} attention heads");
        if (c.TokenDim / c.NumAttentionHeads != s.HeadDim)
            throw new InvalidDataException($"{source}: \"token_dim\" {c.TokenDim} / num_attention_heads {c.NumAttentionHeads} = " +
                $"{c.TokenDim / c.NumAttentionHeads} per head, but the model's heads are {s.HeadDim} wide: token_dim must be {s.AttentionWidth} " +
                "(PEFT's default d_model is wrong when d_kv · num_heads differs from it)");
        if (c.Submodules != (seq2seq ? 2 : 1))
            throw new InvalidDataException($"{source}: \"num_transformer_submodules\" is {c.Submodules}: prefix tuning needs " +
                $"{(seq2seq ? 2 : 1)} for a {(seq2seq ? "seq2seq" : "decoder-only")} model (as PEFT's past_key_values layout)");
        if (!seq2seq && c.NumLayers != s.DecoderLayers)
            throw new InvalidDataException($"{source}: \"num_layers\" is {c.NumLayers} but the model has {s.DecoderLayers} layers");
        if (c.EncoderPrefix && !seq2seq)
            throw new InvalidDataException($"{source}: \"{PrefixTuningConfig.EncoderPrefixField}\" prefixes a T5 encoder; a {model.Config.ModelType} model has none");
        return c;
    }

    public AppliedAdapter Inject(ILanguageModel model, PeftConfig config, InitContext init, string source)
    {
        var c = (PrefixTuningConfig)config;
        var s = ModelShape.Of(model);
        int n = c.VirtualTokens, td = c.TokenDim!.Value, layers = c.NumLayers!.Value;
        var seq2seq = model.IsEncoderDecoder;
        var g = init.Generator;
        PrefixEncoder decoder, encoder = null!;
        using (no_grad())
        {
            decoder = init.Initialise && c.PrefixProjection
                ? new PrefixEncoder(Methods.Init.Normal([n, td], 1.0, g), Projection(td, c.EncoderHiddenSize!.Value, layers * 2 * td, g))
                : new PrefixEncoder(init.Initialise ? Methods.Init.Normal([n, layers * 2 * td], 1.0, g) : zeros(n, layers * 2 * td), null);
            if (c.EncoderPrefix)
                encoder = new PrefixEncoder(init.Initialise ? Methods.Init.Normal([n, s.EncoderLayers * 2 * td], 1.0, g) : zeros(n, s.EncoderLayers * 2 * td), null);
        }
        decoder.to(model.Device);
        model.Adaptation.RegisterModule("prompt_encoder", decoder);
        if (c.EncoderPrefix)
        {
            encoder.to(model.Device);
            model.Adaptation.RegisterModule("encoder_prompt_encoder", encoder);
        }
        var notes = new List<string>();
        if (seq2seq && layers < s.DecoderLayers)
        {
            BypassDecoderBlocks(model, layers, s.DecoderLayers);
            notes.Add($"{source}: \"num_layers\" is {layers} but the decoder has {s.DecoderLayers} blocks: as in PEFT (transformers' T5 stack " +
                $"runs one block per prefix layer), decoder blocks {layers}..{s.DecoderLayers - 1} are skipped");
        }
        var adapter = new PrefixTuningAdapter(c, s, seq2seq, decoder, c.EncoderPrefix ? encoder : null, notes);
        model.Adaptation.AddPrefixProvider(adapter);
        return adapter;
    }

    static Sequential Projection(int tokenDim, int hidden, int output, torch.Generator? g)
    {
        var first = nn.Linear(tokenDim, hidden);
        var second = nn.Linear(hidden, output);
        foreach (var (linear, fanIn, rows) in new[] { (first, tokenDim, hidden), (second, hidden, output) })
        {
            linear.weight!.copy_(Methods.Init.KaimingUniform(rows, fanIn, g));
            linear.bias!.copy_(Methods.Init.KaimingUniform([rows], fanIn, g));
        }
        return nn.Sequential(("0", first), ("1", nn.Tanh()), ("2", second));
    }

    static void BypassDecoderBlocks(ILanguageModel model, int from, int depth)
    {
        var hosts = AdaptationPoints.Hosts(model).ToDictionary(h => h.Name, h => h.Host);
        for (var i = from; i < depth; i++)
            foreach (var name in new[] { $"decoder.block.{i}.layer.0.SelfAttention.o", $"decoder.block.{i}.layer.1.EncDecAttention.o", $"decoder.block.{i}.layer.2.DenseReluDense" })
                hosts[name].Adapters.Add(new DecoderBlockBypass());
    }
}
