using System.Diagnostics;
using T0Sharp.Cli.Hosting;
using T0Sharp.Demo;

namespace T0Sharp.Cli.Commands;

/// <summary>
/// Starts a demo job as <c>t0sharp demo --job SPEC</c> in a process of its own, through the same entry point this
/// process runs (the apphost, or <c>dotnet T0Sharp.Cli.dll</c>), with stdout and stderr in the job's log file.
/// Cancelling kills the worker and its children.
/// </summary>
public sealed class DemoJobProcess : IDemoJobLauncher
{
    /// <summary>The executable and leading arguments that start this CLI again.</summary>
    public static (string File, IReadOnlyList<string> Arguments) Self()
    {
        var cliDll = typeof(CliApp).Assembly.Location;
        var process = Environment.ProcessPath;
        var name = process == null ? "" : Path.GetFileNameWithoutExtension(process);
        if (process != null && string.Equals(name, Path.GetFileNameWithoutExtension(cliDll), StringComparison.OrdinalIgnoreCase))
            return (process, []); // the apphost (dotnet run, or a published t0sharp)
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h && File.Exists(h) ? h
            : process != null && name == "dotnet" ? process : "dotnet";
        return (host, [cliDll]);
    }

    public async Task<int> RunAsync(string specFile, string logFile, CancellationToken cancel)
    {
        var (file, prefix) = Self();
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in prefix.Concat(["demo", "--job", specFile])) start.ArgumentList.Add(a);
        await using var log = new StreamWriter(logFile, append: false) { AutoFlush = true };
        using var p = new Process { StartInfo = start };
        var gate = new object();
        void Write(string? line) { if (line != null) lock (gate) log.WriteLine(line); }
        p.OutputDataReceived += (_, e) => Write(e.Data);
        p.ErrorDataReceived += (_, e) => Write(e.Data);
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        try { await p.WaitForExitAsync(cancel).ConfigureAwait(false); }
        catch (OperationCanceledException)
        {
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { /* already exited */ }
            throw;
        }
        p.WaitForExit(); // drains the redirected output
        return p.ExitCode;
    }
}
