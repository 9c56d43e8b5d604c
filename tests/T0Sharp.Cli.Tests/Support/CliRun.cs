using T0Sharp.Cli.Hosting;

namespace T0Sharp.Cli.Tests.Support;

/// <summary>What one t0sharp invocation printed and returned.</summary>
public sealed record CliResult(int Code, string Out, string Err)
{
    public override string ToString() => $"exit {Code}\n--- stdout\n{Out}\n--- stderr\n{Err}";
}

/// <summary>Runs the t0sharp entry point (<see cref="CliApp.Run"/>) in-process with stdout and stderr captured.</summary>
public static class CliRun
{
    public static CliResult Run(params string[] args)
    {
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        var (o, e) = (new StringWriter(), new StringWriter());
        Console.SetOut(o);
        Console.SetError(e);
        try { return new CliResult(CliApp.Run(args), o.ToString(), e.ToString()); }
        finally { Console.SetOut(oldOut); Console.SetError(oldErr); }
    }

    /// <summary>Asserts a bad-input failure: exit code 2, one <c>error:</c> line containing every fragment, no stack trace.</summary>
    public static CliResult AssertBadInput(CliResult r, params string[] fragments) => AssertError(r, 2, fragments);

    /// <summary>Asserts exit <paramref name="code"/>, an <c>error:</c> line holding each fragment, and no stack trace.</summary>
    public static CliResult AssertError(CliResult r, int code, params string[] fragments)
    {
        Assert.True(r.Code == code, $"expected exit {code}: {r}");
        var errorLines = r.Err.Split('\n').Where(l => l.StartsWith("error: ", StringComparison.Ordinal)).ToList();
        Assert.True(errorLines.Count > 0, $"no 'error:' line: {r}");
        foreach (var f in fragments)
            Assert.True(errorLines.Any(l => l.Contains(f, StringComparison.Ordinal)), $"'{f}' not in an error line: {r}");
        Assert.DoesNotContain("   at ", r.Err);
        Assert.DoesNotContain("internal error", r.Err);
        return r;
    }
}
