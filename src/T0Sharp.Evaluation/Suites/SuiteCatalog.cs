namespace T0Sharp.Evaluation.Suites;

/// <summary>Built-in suites by name, or a custom suite from a YAML file path.</summary>
public static class SuiteCatalog
{
    public static readonly IReadOnlyList<string> BuiltIn = ["t0", "xnli", "xcopa", "xwinograd", "multilingual"];

    /// <summary>
    /// "t0" (alias "t0-heldout"), "xnli", "xcopa", "xwinograd" (English P3 prompts), "multilingual" (xmtf's crosslingual
    /// evaluation with English, machine- and human-translated xP3 prompts), or a path to a .yaml/.yml file.
    /// <paramref name="t0ListsDir"/> overrides the bundled t-zero lists for "t0".
    /// </summary>
    public static EvalSuite Get(string nameOrPath, string? t0ListsDir = null)
    {
        switch (nameOrPath.ToLowerInvariant())
        {
            case "t0" or "t0-heldout" or "t0_heldout": return T0HeldOutSuite.Load(t0ListsDir);
            case "xnli": return MultilingualSuites.Xnli();
            case "xcopa": return MultilingualSuites.Xcopa();
            case "xwinograd": return MultilingualSuites.Xwinograd();
            case "multilingual": return CrosslingualSuite.Create();
        }
        if (nameOrPath.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || nameOrPath.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || File.Exists(nameOrPath))
            return SuiteYaml.LoadFile(nameOrPath);
        throw new ArgumentException($"unknown suite '{nameOrPath}': use one of {string.Join(", ", BuiltIn)} or a path to a suite .yaml file");
    }
}
