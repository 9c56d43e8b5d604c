namespace T0Sharp.Tests;

/// <summary>Where the tests find the repository and its test data (<c>tests/TestData</c>): everything a test reads is in
/// the repository, so a fresh clone passes on its own.</summary>
public static class TestPaths
{
    /// <summary>The repository root: the nearest ancestor of the test binaries holding T0Sharp.slnx.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The fixtures folder <c>tests/TestData</c> (its README says where each file came from).</summary>
    public static string TestDataRoot { get; } = Path.Combine(RepoRoot, "tests", "TestData");

    /// <summary>A path under <c>tests/TestData</c>, e.g. <c>TestData("models", "tiny-t5-v1_0-relu")</c>.</summary>
    public static string TestData(params string[] parts) => Path.Combine([TestDataRoot, .. parts]);
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
