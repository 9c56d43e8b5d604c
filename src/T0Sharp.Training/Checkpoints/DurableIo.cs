using System.Runtime.InteropServices;

namespace T0Sharp.Training.Checkpoints;

/// <summary>fsync for files and directories, so that a renamed checkpoint survives a power loss.</summary>
static class DurableIo
{
    [DllImport("libc", SetLastError = true)] static extern int open(string path, int flags);
    [DllImport("libc", SetLastError = true)] static extern int fsync(int fd);
    [DllImport("libc", SetLastError = true)] static extern int close(int fd);

    public static void SyncFile(string path)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        fs.Flush(flushToDisk: true);
    }

    /// <summary>Flushes a directory entry table (POSIX only; a no-op elsewhere, where rename is already durable enough).</summary>
    public static void SyncDirectory(string dir)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        try
        {
            var fd = open(dir, 0); // O_RDONLY
            if (fd < 0) return;
            fsync(fd);
            close(fd);
        }
        catch (DllNotFoundException) { }
        catch (EntryPointNotFoundException) { }
    }

    public static void SyncTree(string dir)
    {
        foreach (var f in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)) SyncFile(f);
        foreach (var d in Directory.EnumerateDirectories(dir, "*", SearchOption.AllDirectories)) SyncDirectory(d);
        SyncDirectory(dir);
    }
}
