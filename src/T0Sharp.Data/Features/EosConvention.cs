using T0Sharp.Data.Tokenization;

namespace T0Sharp.Data.Features;

/// <summary>Whether a side of an example (inputs or targets) ends with the end-of-sequence token.</summary>
public enum EosPlacement
{
    /// <summary>No special token: <c>Encode(text, addSpecialTokens: false)</c>.</summary>
    None,

    /// <summary>EOS appended (unless the text already ends with it), whatever the tokenizer's post-processor does.</summary>
    Append,

    /// <summary>Whatever the tokenizer adds by default (<c>addSpecialTokens: true</c>): T5 appends EOS, BLOOM adds nothing.</summary>
    TokenizerDefault,
}

/// <summary>
/// Where EOS goes when a rendered prompt and its target (or answer choices) become token ids: the one place that
/// decides it for training mixtures, validation, <c>score</c>, <c>generate</c>, <c>eval</c> and the demo.
/// Three conventions exist in the systems T0Sharp reproduces; which one a model expects is part of how it was trained:
/// <list type="bullet">
/// <item><see cref="TZero"/>: inputs without EOS, targets with EOS (t-zero's seqio features
/// <c>inputs: add_eos=False, targets: add_eos=True</c>; its <c>run_eval.py</c> encodes inputs with
/// <c>add_special_tokens=False</c> and answer choices with the tokenizer's EOS). T0, T0+, T0++, mT0, BLOOMZ training.</item>
/// <item><see cref="TFew"/>: inputs and targets with EOS (t-few's data module; also T5's and FLAN's seqio features).</item>
/// <item><see cref="LmEval"/>: the context as the tokenizer encodes it by default, the continuation without EOS
/// (lm-evaluation-harness).</item>
/// </list>
/// The conventions are immutable singletons; compare them by reference or <see cref="Name"/>.
/// </summary>
public sealed class EosConvention
{
    EosConvention(string name, EosPlacement inputs, EosPlacement targets, bool trimKeepsEos, string summary)
    {
        Name = name; Inputs = inputs; Targets = targets; TrimKeepsEos = trimKeepsEos; Summary = summary;
    }

    /// <summary>t-zero's: inputs without EOS, targets with EOS; an over-long target is cut without re-adding EOS (seqio <c>append_eos</c>, then trim).</summary>
    public static EosConvention TZero { get; } = new("t-zero", EosPlacement.None, EosPlacement.Append, trimKeepsEos: false,
        "inputs without EOS, targets/choices with EOS (t-zero: T0, T0+, T0++, mT0 and the T0 recipe)");

    /// <summary>t-few's: inputs and targets with EOS, truncation keeps the EOS (Hugging Face <c>truncation=True</c>).</summary>
    public static EosConvention TFew { get; } = new("t-few", EosPlacement.Append, EosPlacement.Append, trimKeepsEos: true,
        "inputs and targets/choices with EOS (t-few; T5's and FLAN's seqio features: T5, Flan-T5)");

    /// <summary>lm-evaluation-harness's: context with the tokenizer's defaults, continuation without EOS.</summary>
    public static EosConvention LmEval { get; } = new("lm-eval", EosPlacement.TokenizerDefault, EosPlacement.None, trimKeepsEos: true,
        "context with the tokenizer's defaults (T5: EOS; BLOOM: none), continuation without EOS (lm-evaluation-harness)");

    /// <summary>The three conventions, t-zero's first.</summary>
    public static IReadOnlyList<EosConvention> All { get; } = [TZero, TFew, LmEval];

    /// <summary>The convention T0Sharp's training recipes use unless the config says otherwise (T0's).</summary>
    public static EosConvention TrainingDefault => TZero;

    /// <summary>The name used on the command line, in configs and in run records ("t-zero", "t-few", "lm-eval").</summary>
    public string Name { get; }

    /// <summary>Where EOS goes on the encoder input (encoder-decoder) or the prompt (decoder-only).</summary>
    public EosPlacement Inputs { get; }

    /// <summary>Where EOS goes on targets and answer choices (the decoder side, or the continuation).</summary>
    public EosPlacement Targets { get; }

    /// <summary>
    /// Whether a sequence longer than its feature length that ends with EOS keeps the EOS when cut (first L−1 tokens,
    /// then EOS: Hugging Face truncation, seqio <c>append_eos_after_trim</c>) rather than being cut to its first L
    /// tokens (seqio <c>append_eos</c> followed by the feature converter's trim, as t-zero trained T0).
    /// Either way a sequence that had no EOS never gets one.
    /// </summary>
    public bool TrimKeepsEos { get; }

    /// <summary>One line for help texts and reports.</summary>
    public string Summary { get; }

    /// <summary>Token ids of a rendered prompt.</summary>
    public int[] EncodeInput(ITokenizer tokenizer, string text) => Encode(tokenizer, text, Inputs);

    /// <summary>Token ids of a target or answer choice.</summary>
    public int[] EncodeTarget(ITokenizer tokenizer, string text) => Encode(tokenizer, text, Targets);

    /// <summary>A task example's inputs and targets as ids.</summary>
    public TokenizedExample Tokenize(ITokenizer tokenizer, string inputs, string targets, int taskIndex = -1) =>
        new(EncodeInput(tokenizer, inputs), EncodeTarget(tokenizer, targets), taskIndex);

    /// <summary>The EOS id the feature converters keep at the end of a cut sequence (<see cref="FeatureConverterOptions.EosId"/>), or null.</summary>
    public int? TruncationEosId(ITokenizer tokenizer) => TrimKeepsEos ? tokenizer.EosId : null;

    static int[] Encode(ITokenizer tokenizer, string text, EosPlacement placement)
    {
        switch (placement)
        {
            case EosPlacement.None: return [.. tokenizer.Encode(text, addSpecialTokens: false)];
            case EosPlacement.TokenizerDefault: return [.. tokenizer.Encode(text, addSpecialTokens: true)];
            default:
                var ids = tokenizer.Encode(text, addSpecialTokens: false);
                // Hugging Face's T5 adds EOS "if not present"; for T5 this equals Encode(text, addSpecialTokens: true).
                return ids.Count > 0 && ids[^1] == tokenizer.EosId ? [.. ids] : [.. ids, tokenizer.EosId];
        }
    }

    /// <summary>The convention named <paramref name="name"/> (case-insensitive; "tzero", "t0" and "tfew" are accepted).</summary>
    /// <exception cref="ArgumentException">an unknown name; the message lists the known ones.</exception>
    public static EosConvention Parse(string name) =>
        TryParse(name, out var c) ? c
            : throw new ArgumentException($"unknown EOS convention '{name}': use {string.Join(", ", All.Select(x => x.Name))}");

    public static bool TryParse(string? name, out EosConvention convention)
    {
        convention = (name ?? "").Trim().ToLowerInvariant() switch
        {
            "t-zero" or "tzero" or "t0" => TZero,
            "t-few" or "tfew" => TFew,
            "lm-eval" or "lmeval" or "lm-evaluation-harness" => LmEval,
            _ => null!,
        };
        return convention != null;
    }

    public override string ToString() => Name;
}
