using T0Sharp.Data.Tokenization.HuggingFace;
using T0Sharp.Data.Tokenization.SentencePiece;

namespace T0Sharp.Data.Tokenization;

/// <summary>Options for <see cref="TokenizerLoader.Load"/>.</summary>
public sealed record TokenizerOptions
{
    /// <summary>For SentencePiece <c>.model</c> files: match special-token strings in the text first (Hugging Face
    /// behaviour) instead of encoding them as ordinary text (SentencePiece behaviour, the default).</summary>
    public bool SplitSpecialTokens { get; init; }

    /// <summary>For SentencePiece <c>.model</c> files: number of &lt;extra_id_N&gt; sentinels appended (HF T5Tokenizer: 100).</summary>
    public int ExtraIds { get; init; } = SentencePieceUnigramTokenizer.DefaultExtraIds;
}

/// <summary>
/// Opens a tokenizer from a path: a SentencePiece <c>.model</c> file, a Hugging Face <c>tokenizer.json</c>, or a
/// model folder. In a folder, <c>tokenizer.json</c> wins when present (what Hugging Face AutoTokenizer's default
/// fast tokenizer loads), else <c>spiece.model</c>, else the only <c>*.model</c> file.
/// </summary>
public static class TokenizerLoader
{
    public static ITokenizer Load(string path, TokenizerOptions? options = null)
    {
        options ??= new TokenizerOptions();
        if (Directory.Exists(path)) return Load(ResolveFolder(path), options);
        if (!File.Exists(path)) throw new FileNotFoundException($"tokenizer file or folder '{path}' does not exist", path);
        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) return HfTokenizerJson.Load(path);
        return SentencePieceUnigramTokenizer.FromFile(path, options.ExtraIds, options.SplitSpecialTokens);
    }

    /// <summary>The file inside <paramref name="folder"/> that <see cref="Load"/> would open.</summary>
    public static string ResolveFolder(string folder)
    {
        var json = Path.Combine(folder, "tokenizer.json");
        if (File.Exists(json)) return json;
        var spiece = Path.Combine(folder, "spiece.model");
        if (File.Exists(spiece)) return spiece;
        var models = Directory.GetFiles(folder, "*.model");
        if (models.Length == 1) return models[0];
        throw new FileNotFoundException(models.Length == 0
            ? $"folder '{folder}' holds no tokenizer.json, spiece.model or other *.model file"
            : $"folder '{folder}' holds several *.model files ({string.Join(", ", models.Select(Path.GetFileName))}) and no tokenizer.json or spiece.model; pass the file itself");
    }
}
