namespace T0Sharp.Tests;

/// <summary>Where the tests find the repository and the shared fixtures (../shared beside the checkout).</summary>
public static class TestPaths
{
    /// <summary>The repository root: the nearest ancestor of the test binaries holding T0Sharp.slnx.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The shared fixtures folder beside the checkout (CI puts ../shared there).</summary>
    public static string Shared { get; } = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    public static string SharedPath(params string[] parts) => Path.Combine([Shared, .. parts]);
    public static string RepoPath(params string[] parts) => Path.Combine([RepoRoot, .. parts]);

    /// <summary>A fresh empty temporary folder, removed when the returned handle is disposed.</summary>
    public static TempDir NewTempDir() => new();

    static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "T0Sharp.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException("T0Sharp.slnx not found above " + AppContext.BaseDirectory);
    }
}

public sealed class TempDir : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "t0sharp-test-" + Guid.NewGuid().ToString("N"));
    public TempDir() => Directory.CreateDirectory(Path);
    public string File(string name) => System.IO.Path.Combine(Path, name);
    public void Dispose() { try { Directory.Delete(Path, recursive: true); } catch (IOException) { } }
}
