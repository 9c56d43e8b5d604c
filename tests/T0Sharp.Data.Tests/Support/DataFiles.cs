namespace T0Sharp.Data.Tests.Support;

/// <summary>Writes tiny data folders for tests.</summary>
public static class DataFiles
{
    /// <summary>Writes <c>root/relative</c> (folders created) with '\n' line ends.</summary>
    public static string Write(string root, string relative, params string[] lines)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return path;
    }

    /// <summary>A JSONL split of <paramref name="n"/> rows {"text": "&lt;prefix&gt; i", "label": i % 2}.</summary>
    public static string Rows(string root, string relative, string prefix, int n) =>
        Write(root, relative, Enumerable.Range(0, n).Select(i => $"{{\"text\": \"{prefix} {i}\", \"label\": {i % 2}}}").ToArray());
}
