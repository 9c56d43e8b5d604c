using T0Sharp.Cli.Hosting;
using T0Sharp.Cli.Tests.Support;
using T0Sharp.Core;

namespace T0Sharp.Cli.Tests;

/// <summary>The exit-code table (README.md, "Exit codes") and the error line, shared by every command.</summary>
public class ErrorConventionTests
{
    [Fact]
    public void Parse_errors_are_bad_input_with_the_command_to_get_help()
    {
        var r = CliRun.AssertBadInput(CliRun.Run("eval", "--limit", "three"), "three");
        Assert.Contains("t0sharp eval --help", r.Err);
        r = CliRun.AssertBadInput(CliRun.Run("score", "--model", "m", "--input", "i", "--output", "o", "--no-such-option"), "--no-such-option");
        CliRun.AssertBadInput(CliRun.Run("no-such-command"), "no-such-command");
    }

    [Fact]
    public void Exceptions_map_to_the_table()
    {
        Assert.Equal(2, CommandGuard.ExitCode(new UserError("x")));
        Assert.Equal(2, CommandGuard.ExitCode(new FileNotFoundException("x")));
        Assert.Equal(2, CommandGuard.ExitCode(new T0Sharp.Training.Options.OptionsException("x")));
        Assert.Equal(2, CommandGuard.ExitCode(new T0Sharp.Data.Sources.DataFormatException("f", 1, "x")));
        Assert.Equal(130, CommandGuard.ExitCode(new OperationCanceledException()));
        Assert.Equal(130, CommandGuard.ExitCode(new AggregateException(new TaskCanceledException())));
        Assert.Equal(1, CommandGuard.ExitCode(new T0Sharp.Distributed.ProcessGroupException("rank 1 died")));
        Assert.Equal(3, CommandGuard.ExitCode(new T0Sharp.Training.Loop.TrainingDivergedException("nan")));
        Assert.Equal(1, CommandGuard.ExitCode(new NullReferenceException()));
        Assert.Equal(1, CommandGuard.ExitCode(new IndexOutOfRangeException()));
    }

    [Fact]
    public void An_unexpected_exception_is_one_line_with_exit_1_and_a_trace_only_with_T0SHARP_DEBUG()
    {
        var before = Environment.GetEnvironmentVariable(CommandGuard.DebugVariable);
        try
        {
            Environment.SetEnvironmentVariable(CommandGuard.DebugVariable, null);
            var (code, err) = Capture(() => CommandGuard.Run(() => throw new NullReferenceException("boom")));
            Assert.Equal(1, code);
            Assert.Equal("error: internal error (NullReferenceException): boom (set T0SHARP_DEBUG=1 for the stack trace)", err.TrimEnd());
            Environment.SetEnvironmentVariable(CommandGuard.DebugVariable, "1");
            (code, err) = Capture(() => CommandGuard.Run(() => throw new NullReferenceException("boom")));
            Assert.Equal(1, code);
            Assert.StartsWith("error: internal error (NullReferenceException): boom\n", err.Replace("\r", ""));
            Assert.Contains("   at ", err);
        }
        finally { Environment.SetEnvironmentVariable(CommandGuard.DebugVariable, before); }
    }

    [Fact]
    public void Cancellation_exits_130_with_the_commands_message()
    {
        var (code, err) = Capture(() => CommandGuard.Run(() => throw new OperationCanceledException(), interrupted: "interrupted: resume later"));
        Assert.Equal(130, code);
        Assert.Equal("interrupted: resume later", err.TrimEnd());
    }

    [Fact]
    public void Unknown_benchmark_and_missing_files_are_bad_input()
    {
        CliRun.AssertBadInput(CliRun.Run("bench", "no-such-bench"), "unknown benchmark 'no-such-bench'");
        using var dir = T0Sharp.Tests.TestPaths.NewTempDir();
        File.WriteAllText(dir.File("in.txt"), "hello\n");
        CliRun.AssertBadInput(CliRun.Run("tokenize", "--tokenizer", dir.File("missing.model"), "--input", dir.File("in.txt"), "--output", dir.File("o.jsonl")),
            "missing.model");
        CliRun.AssertBadInput(CliRun.Run("tokenize", "--tokenizer", Fixtures.T5Tokenizer, "--input", dir.File("nope.txt"), "--output", dir.File("o.jsonl")),
            "nope.txt");
        CliRun.AssertBadInput(CliRun.Run("data", "inspect", "--mixture", "t0_eval_score_evl"), "closest: t0_eval_score_eval");
    }

    static (int Code, string Err) Capture(Func<int> run)
    {
        var old = Console.Error;
        var e = new StringWriter();
        Console.SetError(e);
        try { return (run(), e.ToString()); }
        finally { Console.SetError(old); }
    }
}
