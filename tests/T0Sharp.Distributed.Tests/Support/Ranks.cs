using System.Diagnostics;

namespace T0Sharp.Distributed.Tests.Support;

/// <summary>Finds and signals the processes of an MPICH job (ranks carry PMI_RANK in their environment).</summary>
public static class Ranks
{
    /// <summary>The process id of rank <paramref name="rank"/> of the t0sharp job whose command line contains <paramref name="marker"/>.</summary>
    public static int? Find(string marker, int rank)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var cmd = File.ReadAllText(Path.Combine(dir, "cmdline"));
                if (!cmd.Contains("t0sharp.dll") || !cmd.Contains(marker)) continue;
                if (File.ReadAllText(Path.Combine(dir, "environ")).Split('\0').Contains($"PMI_RANK={rank}")) return pid;
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return null;
    }

    /// <summary>Waits for <paramref name="path"/> to exist while <paramref name="job"/> runs; false when the job ended or time ran out first.</summary>
    public static bool WaitFor(string path, Process job, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (!Directory.Exists(path) && !File.Exists(path))
        {
            if (job.HasExited || clock.Elapsed > limit) return false;
            Thread.Sleep(20);
        }
        return true;
    }

    public static void Signal(int pid, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString()]);
        kill.WaitForExit();
    }
}
