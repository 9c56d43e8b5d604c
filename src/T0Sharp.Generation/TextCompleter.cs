using T0Sharp.Data.Tokenization;
using T0Sharp.Models;

namespace T0Sharp.Generation;

/// <summary>Completes text prompts (the model side of instruction generation; tests plug in literal fakes).</summary>
public interface ITextCompleter
{
    /// <summary>One completion per prompt: nucleus sampling with <paramref name="seed"/> when <paramref name="sample"/>, else greedy.</summary>
    IReadOnlyList<string> Complete(IReadOnlyList<string> prompts, bool sample, long seed, int maxNewTokens);
}

/// <summary>
/// <see cref="ITextCompleter"/> over the models layer's <see cref="Generator"/>: prompts encoded with the tokenizer
/// (T5 appends EOS; inputs longer than <see cref="MaxInputTokens"/> keep their last tokens, so the open "Example 4"
/// is never cut), new tokens decoded without special tokens (<see cref="Decode"/>).
/// </summary>
public sealed class ModelCompleter(ILanguageModel model, ITokenizer tokenizer) : ITextCompleter
{
    public int MaxInputTokens { get; init; } = 1024;
    public double TopP { get; init; } = 0.99;
    public double Temperature { get; init; } = 1.0;
    public int BatchSize { get; init; } = 8;

    public IReadOnlyList<string> Complete(IReadOnlyList<string> prompts, bool sample, long seed, int maxNewTokens)
    {
        model.Module.eval();
        var ids = prompts.Select(p =>
        {
            var t = tokenizer.Encode(p, addSpecialTokens: model.IsEncoderDecoder);
            return (IReadOnlyList<int>)(t.Count <= MaxInputTokens ? t : t.Skip(t.Count - MaxInputTokens).ToArray());
        }).ToList();
        var options = new GenerationOptions
        {
            MaxNewTokens = maxNewTokens, DoSample = sample, TopP = sample ? TopP : 1.0, TopK = 0, Temperature = Temperature,
            Seed = sample ? seed : null, EosTokenId = tokenizer.EosId,
        };
        var outputs = new Generator(model) { BatchSize = BatchSize }.Generate(ids, options);
        return outputs.Select(o => Decode(tokenizer, o)).ToList();
    }

    /// <summary>
    /// New tokens as text, special tokens skipped. Ids the model's vocabulary has but the tokenizer lacks (T5's
    /// embedding has 32,128 rows for 32,100 pieces, and a sampling model can draw the extra ids) are dropped, as
    /// Hugging Face's fast tokenizers drop ids without a token when decoding.
    /// </summary>
    public static string Decode(ITokenizer tokenizer, IEnumerable<int> ids) =>
        tokenizer.Decode(ids.Where(id => id >= 0 && id < tokenizer.VocabSize), skipSpecialTokens: true);
}
