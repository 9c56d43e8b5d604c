using System.CommandLine;
using System.Text.Json;
using T0Sharp.Cli.Commands;
using T0Sharp.Data.Features;
using T0Sharp.Data.Tokenization;
using T0Sharp.Evaluation.Results;
using T0Sharp.Evaluation.Running;
using T0Sharp.Tests;

namespace T0Sharp.Evaluation.Tests;

/// <summary>
/// <c>t0sharp eval</c> against t-zero's procedure as Hugging Face transformers computes it
/// (tests/TestData/golden/t0-eval-rte-cb, made by tools/reference/make_t0_eval_golden.py): the tiny T0 fixture, the
/// bundled RTE and CB rows rendered with the T0 suite's templates, inputs without EOS, choices with EOS, summed log-probs.
/// </summary>
public class TZeroGoldenTests
{
    static readonly string Model = TestPaths.TestData("models", "tiny-t0-t5-v1_1-gated-gelu");
    static readonly string Tokenizer = TestPaths.RepoPath("assets", "tokenizers", "t5", "spiece.model");

    sealed record GoldenItem(string Dataset, string Template, int Index, string Input, string Target, string[] Choices,
        int[] InputIds, int[][] ChoiceIds, double[] LogProbSums);

    static readonly Lazy<List<GoldenItem>> Golden = new(() =>
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(TestPaths.TestData("golden", "t0-eval-rte-cb", "golden.json")));
        static int[] Ints(JsonElement e) => e.EnumerateArray().Select(x => x.GetInt32()).ToArray();
        return doc.RootElement.GetProperty("items").EnumerateArray().Select(i => new GoldenItem(
            i.GetProperty("dataset").GetString()!, i.GetProperty("template").GetString()!, i.GetProperty("index").GetInt32(),
            i.GetProperty("input").GetString()!, i.GetProperty("target").GetString()!,
            i.GetProperty("choices").EnumerateArray().Select(c => c.GetString()!).ToArray(), Ints(i.GetProperty("input_ids")),
            i.GetProperty("choice_ids").EnumerateArray().Select(Ints).ToArray(),
            i.GetProperty("logprob_sums").EnumerateArray().Select(x => x.GetDouble()).ToArray())).ToList();
    });

    /// <summary>Runs <c>t0sharp eval</c> on the golden's rows; returns the exit code and stdout + stderr.</summary>
    static (int Code, string Output) Eval(string outDir, params string[] extra)
    {
        var root = new RootCommand();
        root.Subcommands.Add(EvalCommand.Create());
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        var err = new StringWriter();
        Console.SetOut(err); Console.SetError(err);
        try
        {
            string[] args = ["eval", "--model", Model, "--tokenizer", Tokenizer, "--tasks", "rte", "cb", "--limit", "4", "--batch-size", "4",
                "--templates", TestPaths.RepoPath("assets", "promptsource", "templates"), "--data", TestPaths.RepoPath("assets", "datasets"),
                "--out", outDir, .. extra];
            return (root.Parse(args).Invoke(), err.ToString());
        }
        finally { Console.SetOut(oldOut); Console.SetError(oldErr); }
    }

    static double MaxDiff(string outDir, out int compared)
    {
        var stored = ResultStore.ReadAll(Path.Combine(outDir, "examples.jsonl")).ToDictionary(r => (r.Dataset, r.Template, r.Index));
        double max = 0;
        compared = 0;
        foreach (var g in Golden.Value)
        {
            var rec = stored[(g.Dataset, g.Template, g.Index)];
            Assert.Equal(ExampleRecord.RankKind, rec.Kind);
            Assert.Equal(g.Choices, rec.Choices);
            for (var j = 0; j < g.Choices.Length; j++, compared++)
                max = Math.Max(max, Math.Abs(g.LogProbSums[j] - rec.LogProbSum![j]));
        }
        return max;
    }

    [Fact]
    public void Golden_texts_encode_to_the_golden_ids_under_t_zero_s_convention()
    {
        var tok = TokenizerLoader.Load(Tokenizer);
        Assert.Equal(100, Golden.Value.Count);
        foreach (var g in Golden.Value)
        {
            Assert.Equal(g.InputIds, EosConvention.TZero.EncodeInput(tok, g.Input));          // no EOS on the input
            Assert.NotEqual(tok.EosId, g.InputIds[^1]);
            Assert.Equal(g.ChoiceIds, g.Choices.Select(c => EosConvention.TZero.EncodeTarget(tok, c)).ToArray());
            Assert.All(g.ChoiceIds, ids => Assert.Equal(tok.EosId, ids[^1]));
        }
    }

    [Fact]
    public void Eval_per_choice_sums_equal_t_zero_s_procedure_by_default()
    {
        using var dir = TestPaths.NewTempDir();
        var (code, err) = Eval(dir.Path);
        Assert.True(code == 0, err);
        Assert.Contains("EOS convention: t-zero", err);
        Assert.InRange(MaxDiff(dir.Path, out var compared), 0, 1e-3);
        Assert.Equal(260, compared);
        Assert.Equal("t-zero", RunResults.Load(dir.Path).EosConvention);
        Assert.Contains("\"eos_convention\": \"t-zero\"", File.ReadAllText(Path.Combine(dir.Path, "run.json")));
    }

    [Fact]
    public void Another_convention_gives_other_scores_and_is_not_mixed_into_a_run()
    {
        using var dir = TestPaths.NewTempDir();
        var (code, err) = Eval(dir.Path, "--eos-convention", "t-few");          // inputs with EOS: what T0Sharp did before
        Assert.True(code == 0, err);
        Assert.True(MaxDiff(dir.Path, out _) > 0.05, "an input EOS must change the scores of this model");
        Assert.Equal("t-few", RunResults.Load(dir.Path).EosConvention);
        (code, err) = Eval(dir.Path, "--eos-convention", "t-zero");
        Assert.Equal(2, code);
        Assert.Contains("EOS convention t-few, not t-zero", err);
        (code, err) = Eval(dir.Path, "--eos-convention", "tzero-ish");
        Assert.Equal(2, code);
        Assert.Contains("--eos-convention 'tzero-ish'", err);
    }
}
