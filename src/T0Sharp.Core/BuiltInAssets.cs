namespace T0Sharp.Core;

/// <summary>
/// Locates the assets that ship with T0Sharp: the P3 prompt collection (assets/promptsource) and the
/// bundled dataset slices (assets/datasets). Looked up, in order, under $T0SHARP_ASSETS, beside the
/// running assembly (a published tool), and in the nearest ancestor folder holding assets/ (a source checkout).
/// </summary>
public static class BuiltInAssets
{
    static readonly Lazy<string?> Root = new(FindRoot);

    /// <summary>The assets folder, or an exception saying where it was looked for.</summary>
    public static string Directory => Root.Value ?? throw new DirectoryNotFoundException(
        "T0Sharp's built-in assets were not found: set T0SHARP_ASSETS to the repository's assets/ folder, " +
        "or pass the paths explicitly (--templates, --data).");

    /// <summary>assets/promptsource/templates: the P3 collection at promptsource HEAD (the default).</summary>
    public static string PromptTemplates => Path.Combine(Directory, "promptsource", "templates");

    /// <summary>assets/promptsource/v0.1.0/templates: the version T0 was trained and evaluated with.</summary>
    public static string PromptTemplatesV010 => Path.Combine(Directory, "promptsource", "v0.1.0", "templates");

    /// <summary>assets/promptsource/t0: t-zero's datasets.csv and the evaluation template list.</summary>
    public static string T0Lists => Path.Combine(Directory, "promptsource", "t0");

    /// <summary>assets/promptsource/xp3: the xP3 prompt collections (BLOOMZ/mT0), their dataset list and BLOOMZ's language weights.</summary>
    public static string Xp3 => Path.Combine(Directory, "promptsource", "xp3");

    /// <summary>assets/promptsource/xp3/tr13/templates: xP3's English prompts (the fork's tr13 branch, trimmed to xP3's datasets).</summary>
    public static string Xp3Templates => Path.Combine(Xp3, "tr13", "templates");

    /// <summary>assets/promptsource/xp3/xp3mt/templates: xP3mt's prompts (English plus machine-translated, the fork's xp3mt branch).</summary>
    public static string Xp3MtTemplates => Path.Combine(Xp3, "xp3mt", "templates");

    /// <summary>assets/datasets: bundled real dataset slices, one folder per dataset (each keeps its license).</summary>
    public static string Datasets => Path.Combine(Directory, "datasets");

    /// <summary>assets/tokenizers/t5: T5's SentencePiece vocabulary (T5, T0, Flan-T5), the default tokenizer.</summary>
    public static string T5TokenizerDirectory => Path.Combine(Directory, "tokenizers", "t5");

    /// <summary>assets/tokenizers/t5/spiece.model.</summary>
    public static string T5Tokenizer => Path.Combine(T5TokenizerDirectory, "spiece.model");

    static string? FindRoot()
    {
        var env = Environment.GetEnvironmentVariable("T0SHARP_ASSETS");
        if (!string.IsNullOrEmpty(env) && System.IO.Directory.Exists(env)) return Path.GetFullPath(env);
        foreach (var start in new[] { AppContext.BaseDirectory, System.IO.Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "assets");
                if (System.IO.Directory.Exists(Path.Combine(candidate, "promptsource"))) return candidate;
            }
        }
        return null;
    }
}
