using System.Globalization;
using System.Text.RegularExpressions;

namespace T0Sharp.Training.Checkpoints;

/// <summary>
/// Checkpoint folders under <c>{output_dir}/checkpoints</c>: <c>step-000123/</c>. A checkpoint is written into a
/// hidden temporary folder, fsynced, then renamed into place, so a folder named <c>step-N</c> is always complete;
/// temporary folders left by a hard kill are ignored and removed. Keeps the newest K.
/// </summary>
public sealed partial class CheckpointManager(string outputDir, int keepLast)
{
    /// <summary>The file written last inside a checkpoint; its presence marks the checkpoint as complete.</summary>
    public const string StateFile = "trainer_state.json";

    public string Root { get; } = Path.Combine(outputDir, "checkpoints");

    [GeneratedRegex(@"^step-(\d+)$")] private static partial Regex StepDir();

    public static string DirName(long step) => $"step-{step.ToString("D6", CultureInfo.InvariantCulture)}";

    /// <summary>Writes a checkpoint for <paramref name="step"/> through <paramref name="write"/> (which fills a folder) and returns its final path.</summary>
    public string Save(long step, Action<string> write)
    {
        Directory.CreateDirectory(Root);
        var final = Path.Combine(Root, DirName(step));
        var tmp = Path.Combine(Root, $".tmp-{DirName(step)}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(tmp);
        try
        {
            write(tmp);
            if (!File.Exists(Path.Combine(tmp, StateFile)))
                throw new InvalidOperationException($"checkpoint writer did not write {StateFile}");
            DurableIo.SyncTree(tmp);
            if (Directory.Exists(final))
            {
                // Re-saving the same step (e.g. interrupted right after a periodic save): swap, then drop the old one.
                var old = Path.Combine(Root, $".old-{DirName(step)}-{Guid.NewGuid():N}");
                Directory.Move(final, old);
                Directory.Move(tmp, final);
                Directory.Delete(old, recursive: true);
            }
            else Directory.Move(tmp, final);
            DurableIo.SyncDirectory(Root);
        }
        catch
        {
            TryDelete(tmp);
            throw;
        }
        Prune();
        return final;
    }

    /// <summary>Complete checkpoints, oldest first.</summary>
    public IReadOnlyList<(long Step, string Path)> List()
    {
        if (!Directory.Exists(Root)) return [];
        return Directory.EnumerateDirectories(Root)
            .Select(d => (Match: StepDir().Match(Path.GetFileName(d)), Dir: d))
            .Where(x => x.Match.Success && File.Exists(Path.Combine(x.Dir, StateFile)))
            .Select(x => (long.Parse(x.Match.Groups[1].Value, CultureInfo.InvariantCulture), x.Dir))
            .OrderBy(x => x.Item1)
            .ToList();
    }

    public string? Latest() => List() is { Count: > 0 } l ? l[^1].Path : null;

    /// <summary>Removes temporary folders left behind by an interrupted save.</summary>
    public int CleanupTemporary()
    {
        if (!Directory.Exists(Root)) return 0;
        var stale = Directory.EnumerateDirectories(Root)
            .Where(d => Path.GetFileName(d) is var n && (n.StartsWith(".tmp-", StringComparison.Ordinal) || n.StartsWith(".old-", StringComparison.Ordinal)))
            .ToList();
        foreach (var d in stale) TryDelete(d);
        return stale.Count;
    }

    void Prune()
    {
        if (keepLast <= 0) return;
        var all = List();
        foreach (var (_, dir) in all.Take(Math.Max(0, all.Count - keepLast)))
        {
            // Rename first so a half-deleted folder never looks like a checkpoint.
            var doomed = Path.Combine(Root, ".tmp-delete-" + Guid.NewGuid().ToString("N"));
            try { Directory.Move(dir, doomed); } catch (IOException) { continue; }
            TryDelete(doomed);
        }
    }

    static void TryDelete(string dir)
    {
        try { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
