using T0Sharp.Cli.Tests.Support;
using T0Sharp.Tests;

namespace T0Sharp.Cli.Tests;

/// <summary><c>t0sharp eval</c> fed broken data, a broken model and bad options: one line naming the culprit, exit 2.</summary>
public class EvalBadInputTests
{
    static CliResult Eval(TempDir dir, string model, params string[] extra) =>
        CliRun.Run(["eval", "--model", model, "--tasks", "cb", "--limit", "2", "--out", dir.File("run"), .. extra]);

    [Fact]
    public void Broken_jsonl_csv_and_parquet_data_name_the_file_and_line()
    {
        using var dir = TestPaths.NewTempDir();
        var model = Fixtures.ModelWithTokenizer(dir);
        var jsonl = Fixtures.CbData(dir, "jsonl", System.Text.Encoding.UTF8.GetBytes(Fixtures.CbLine + "\n{\"premise\": oops\n"));
        CliRun.AssertBadInput(Eval(dir, model, "--data", jsonl), "validation.jsonl:2:", "invalid JSON");
        var csv = Fixtures.CbData(dir, "csv", "premise,hypothesis,label,idx\n\"unterminated,b,0,0\n"u8.ToArray());
        CliRun.AssertBadInput(Eval(dir, model, "--data", csv), "validation.csv", "unterminated quoted field");
        var parquet = Fixtures.CbData(dir, "parquet", "PAR1 this is not parquet"u8.ToArray());
        CliRun.AssertBadInput(Eval(dir, model, "--data", parquet), "validation.parquet", "not a readable Parquet file");
    }

    [Fact]
    public void Bytes_that_are_not_utf8_are_an_error_naming_file_and_line()
    {
        using var dir = TestPaths.NewTempDir();
        var model = Fixtures.ModelWithTokenizer(dir);
        var data = Fixtures.CbData(dir, "jsonl", Fixtures.JsonlWithBadUtf8());
        CliRun.AssertBadInput(Eval(dir, model, "--data", data), "validation.jsonl:2: not valid UTF-8 (0xE9)");
    }

    [Fact]
    public void A_truncated_safetensors_model_names_the_file()
    {
        using var dir = TestPaths.NewTempDir();
        var model = Fixtures.ModelWithTokenizer(dir);
        Fixtures.Truncate(Path.Combine(model, "model.safetensors"));
        CliRun.AssertBadInput(Eval(dir, model), "model.safetensors", "truncated");
    }

    [Fact]
    public void Bad_options_fail_before_any_work()
    {
        using var dir = TestPaths.NewTempDir();
        var model = Fixtures.ModelWithTokenizer(dir);
        CliRun.AssertBadInput(CliRun.Run("eval", "--model", model, "--limit", "-3", "--out", dir.File("run")), "--limit -3: must be at least 1");
        CliRun.AssertBadInput(CliRun.Run("eval", "--model", model, "--batch-size", "0", "--out", dir.File("run")), "--batch-size 0");
        CliRun.AssertBadInput(CliRun.Run("eval", "--model", model, "--device", "gpu", "--out", dir.File("run")), "--device gpu: unknown device; use cpu, cuda or cuda:N");
        CliRun.AssertBadInput(CliRun.Run("eval", "--model", model, "--dtype", "fp8", "--out", dir.File("run")), "--dtype fp8: unknown dtype");
        CliRun.AssertBadInput(CliRun.Run("eval", "--model", dir.File("nope"), "--out", dir.File("run")), "--model", "nope");
        CliRun.AssertBadInput(CliRun.Run("eval", "--model", model), "--model DIR and --out DIR are required");
        Assert.False(Directory.Exists(dir.File("run")));
    }

    [Fact]
    public void Cuda_on_a_cpu_build_says_how_to_get_cuda()
    {
        if (TorchSharp.torch.cuda.is_available()) return; // the message is for builds without CUDA
        using var dir = TestPaths.NewTempDir();
        var model = Fixtures.ModelWithTokenizer(dir);
        CliRun.AssertBadInput(CliRun.Run("eval", "--model", model, "--device", "cuda", "--out", dir.File("run")),
            "--device cuda: CUDA is not available", "TorchSharp-cuda");
        CliRun.AssertBadInput(CliRun.Run("eval", "--model", model, "--device", "cuda:x", "--out", dir.File("run")), "--device cuda:x");
    }

    [Fact]
    public void A_tokenizer_that_does_not_fit_the_model_is_refused()
    {
        using var dir = TestPaths.NewTempDir();
        CliRun.AssertBadInput(CliRun.Run("eval", "--model", Fixtures.TinyMt0, "--tokenizer", Fixtures.T5Tokenizer, "--out", dir.File("run")),
            "vocab_size is 2048");
        CliRun.AssertBadInput(CliRun.Run("eval", "--model", Fixtures.TinyMt0, "--out", dir.File("run")), "has no tokenizer", "--tokenizer");
    }

    [Fact]
    public void Eval_runs_in_bfloat16_with_dtype()
    {
        using var dir = TestPaths.NewTempDir();
        var model = Fixtures.ModelWithTokenizer(dir);
        var data = Fixtures.CbData(dir, "jsonl", System.Text.Encoding.UTF8.GetBytes(Fixtures.CbLine + "\n"));
        var r = Eval(dir, model, "--data", data, "--dtype", "bfloat16");
        Assert.True(r.Code == 0, r.ToString());
        Assert.True(File.Exists(Path.Combine(dir.File("run"), "results.json")));
    }
}
