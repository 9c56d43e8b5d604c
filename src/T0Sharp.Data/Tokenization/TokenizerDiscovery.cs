using T0Sharp.Core;

namespace T0Sharp.Data.Tokenization;

/// <summary>
/// The one rule every command uses to find its tokenizer: the path given explicitly (<c>--tokenizer</c>,
/// <c>data.tokenizer</c>), else the model folder's own (<c>tokenizer.json</c>, <c>spiece.model</c> or its only
/// <c>*.model</c>, see <see cref="TokenizerLoader.ResolveFolder"/>), else <c>$T0SHARP_TOKENIZER</c>, else — where the
/// caller allows it — the bundled T5 vocabulary (assets/tokenizers/t5/tokenizer.json).
/// </summary>
public static class TokenizerDiscovery
{
    public const string EnvironmentVariable = "T0SHARP_TOKENIZER";

    /// <summary>A found tokenizer and the file it was loaded from.</summary>
    public sealed record Found(ITokenizer Tokenizer, string File);

    /// <param name="explicitPath">The option's value, or null.</param>
    /// <param name="modelFolders">Model folders to look in, in order (nulls are skipped).</param>
    /// <param name="bundledFallback">Fall back to the bundled T5 tokenizer when nothing else is found.</param>
    /// <param name="option">The option or key <paramref name="explicitPath"/> came from, for messages.</param>
    /// <returns>Null only when nothing was found and <paramref name="bundledFallback"/> is false.</returns>
    public static Found? Find(string? explicitPath, IEnumerable<string?> modelFolders, bool bundledFallback, string option = "--tokenizer")
    {
        if (!string.IsNullOrEmpty(explicitPath)) return Open(explicitPath, option);
        foreach (var folder in modelFolders)
            if (folder is not null && Directory.Exists(folder) && FolderFile(folder) is { } file) return Open(file, "the model folder's tokenizer");
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } env) return Open(env, "$" + EnvironmentVariable);
        // The bundled folder resolves to its tokenizer.json (what Hugging Face's fast tokenizer loads), as model folders do.
        return bundledFallback ? Open(BuiltInAssets.T5TokenizerDirectory, "the bundled T5 tokenizer") : null;
    }

    /// <summary>The tokenizer file of a model folder, or null when it has none (or several *.model files and no tokenizer.json/spiece.model).</summary>
    public static string? FolderFile(string folder)
    {
        try { return TokenizerLoader.ResolveFolder(folder); }
        catch (FileNotFoundException) { return null; }
    }

    static Found Open(string path, string source)
    {
        if (!File.Exists(path) && !Directory.Exists(path)) throw new UserError($"{source} {path}: no such file or folder");
        var file = Directory.Exists(path) ? TokenizerLoader.ResolveFolder(path) : path;
        return new Found(TokenizerLoader.Load(file), Path.GetFullPath(file));
    }
}
