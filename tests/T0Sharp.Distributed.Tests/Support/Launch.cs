using System.Diagnostics;
using System.Text;
using T0Sharp.Tests;

namespace T0Sharp.Distributed.Tests.Support;

/// <summary>What a finished command printed and how it ended.</summary>
public sealed record CommandResult(int ExitCode, string Output, TimeSpan Elapsed)
{
    public override string ToString() => $"exit {ExitCode} after {Elapsed.TotalSeconds:F1} s:\n{Output}";
}

/// <summary>
/// Runs the CLI (t0sharp.dll, built beside the tests) as one process or as an MPICH job of several processes.
/// MPICH comes from build/ensure-mpi.sh, which `dotnet test` runs first; when a runner skipped that, the first
/// use runs it here (the same script). Every command has a time limit and is killed with its children past it.
/// </summary>
public static class Launch
{
    static readonly Lazy<string> MpiExec = new(FindOrInstallMpiExec);

    public static string CliDll => Path.Combine(AppContext.BaseDirectory, "t0sharp.dll");

    /// <summary>Runs <c>t0sharp ARGS</c> in <paramref name="processes"/> processes (mpiexec -n when more than one).</summary>
    public static CommandResult Cli(int processes, IEnumerable<string> args, TimeSpan? timeout = null, Action<Process>? whileRunning = null)
    {
        var cli = new List<string> { CliDll };
        cli.AddRange(args);
        return processes == 1
            ? Run("dotnet", cli, timeout ?? TimeSpan.FromMinutes(3), whileRunning)
            : Run(MpiExec.Value, ["-n", processes.ToString(), "dotnet", .. cli], timeout ?? TimeSpan.FromMinutes(3), whileRunning);
    }

    public static CommandResult Run(string file, IReadOnlyList<string> args, TimeSpan timeout, Action<Process>? whileRunning = null)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["CI"] = "true"; // plain progress lines
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var output = new StringBuilder();
        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            whileRunning?.Invoke(process);
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                lock (output) throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {timeout.TotalSeconds} s:\n{output}");
            }
            process.WaitForExit(); // drains the output
        }
        catch
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            throw;
        }
        lock (output) return new CommandResult(process.ExitCode, output.ToString(), clock.Elapsed);
    }

    static string FindOrInstallMpiExec()
    {
        if (Find() is string found) return found;
        var script = TestPaths.RepoPath("build", "ensure-mpi.sh");
        var result = Run("bash", [script], TimeSpan.FromMinutes(10));
        return Find() ?? throw new InvalidOperationException(
            $"mpiexec (MPICH) is not installed and {script} could not install it ({result}). Install MPICH: apt-get install mpich");
    }

    static string? Find() => T0Sharp.Distributed.Mpi.MpiExec.Find();
}
