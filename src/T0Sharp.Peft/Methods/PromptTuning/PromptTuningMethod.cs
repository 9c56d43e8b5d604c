using T0Sharp.Data.Tokenization;
using T0Sharp.Models;
using T0Sharp.Peft.Config;
using static TorchSharp.torch;

namespace T0Sharp.Peft.Methods.PromptTuning;

/// <summary>
/// Applies a <see cref="PromptTuningConfig"/>: fills PEFT's model-dependent fields (token_dim = the embedding width,
/// num_transformer_submodules = 2 for seq2seq, heads, layers), draws the table (RANDOM, SAMPLE_VOCAB or TEXT) and
/// registers it as the model's soft prompt.
/// </summary>
public sealed class PromptTuningMethod : IPeftInjector
{
    public PeftConfig Complete(PeftConfig config, ILanguageModel model, string source)
    {
        var c = ModelKinds.WithTaskType((PromptTuningConfig)config, model, source);
        var shape = ModelShape.Of(model);
        c = c with
        {
            TokenDim = c.TokenDim ?? shape.EmbeddingDim,
            NumTransformerSubmodules = c.NumTransformerSubmodules ?? (model.IsEncoderDecoder ? 2 : 1),
            NumAttentionHeads = c.NumAttentionHeads ?? shape.Heads,
            NumLayers = c.NumLayers ?? (model.IsEncoderDecoder ? shape.EncoderLayers : shape.DecoderLayers),
        };
        if (c.TokenDim != shape.EmbeddingDim)
            throw new InvalidDataException($"{source}: \"token_dim\" is {c.TokenDim} but the model's input embeddings are {shape.EmbeddingDim} wide");
        c.Validate(source);
        return c;
    }

    public AppliedAdapter Inject(ILanguageModel model, PeftConfig config, InitContext init, string source)
    {
        var c = (PromptTuningConfig)config;
        var rows = c.VirtualTokens * c.Submodules;
        Tensor table;
        using (no_grad())
        {
            table = !init.Initialise ? zeros(rows, c.TokenDim!.Value)
                : c.PromptTuningInit switch
                {
                    "SAMPLE_VOCAB" => FromVocabulary(model, randint(0, model.Config.VocabSize, [rows], generator: init.Generator).to(ScalarType.Int64)),
                    "TEXT" => FromVocabulary(model, TextIds(c, init, rows, source)),
                    _ => empty(rows, c.TokenDim!.Value).normal_(0, 1, init.Generator), // torch's Embedding default
                };
        }
        var encoder = new PromptEncoder(table.to(model.Device));
        model.Adaptation.RegisterModule("prompt_encoder", encoder);
        var adapter = new PromptTuningAdapter(c, encoder);
        model.Adaptation.AddPromptProvider(adapter);
        return adapter;
    }

    /// <summary>Embedding rows of <paramref name="ids"/>, in fp32 (PEFT converts them).</summary>
    static Tensor FromVocabulary(ILanguageModel model, Tensor ids)
    {
        using var embeddings = ModelShape.Embeddings(model); // a fresh handle to the model's embedding
        return embeddings.index_select(0, ids.to(embeddings.device)).to(ScalarType.Float32).cpu();
    }

    /// <summary>The init text's ids (with the tokenizer's special tokens), repeated or cut to <paramref name="rows"/>, as PEFT does.</summary>
    static Tensor TextIds(PromptTuningConfig c, InitContext init, int rows, string source)
    {
        var text = c.PromptTuningInitText ?? throw new InvalidDataException($"{source}: \"prompt_tuning_init_text\" is required when prompt_tuning_init is TEXT");
        var tokenize = init.Tokenize ?? (c.TokenizerNameOrPath is { } path
            ? TokenizerFrom(path, source)
            : throw new InvalidDataException($"{source}: prompt_tuning_init TEXT needs a tokenizer: set \"tokenizer_name_or_path\" to a tokenizer file or model folder"));
        var ids = tokenize(text).ToList();
        if (ids.Count == 0) throw new InvalidDataException($"{source}: \"prompt_tuning_init_text\" tokenizes to no tokens");
        var repeated = Enumerable.Range(0, rows).Select(i => (long)ids[i % ids.Count]).ToArray();
        return tensor(repeated);
    }

    static Func<string, IReadOnlyList<int>> TokenizerFrom(string path, string source)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
            throw new FileNotFoundException($"{source}: \"tokenizer_name_or_path\" {path}: no such file or folder (T0Sharp reads local tokenizers only)", path);
        var tokenizer = TokenizerLoader.Load(path);
        return text => tokenizer.Encode(text);
    }
}
