using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using T0Sharp.Cli.Commands;
using T0Sharp.Evaluation.Results;
using T0Sharp.Models;
using T0Sharp.Peft.Config;
using T0Sharp.Peft.Tests.Support;
using T0Sharp.Tests;
using static TorchSharp.torch;

namespace T0Sharp.Peft.Tests.Cli;

/// <summary>
/// <c>t0sharp score/generate/eval --adapter</c> and <c>t0sharp adapters info/merge</c> in-process: the score contract
/// reproduces every fixture's score_expected.jsonl, merged checkpoints reproduce PEFT's merge_and_unload, bad input is
/// one "error:" line and exit code 2.
/// </summary>
[Collection("console")]
public class AdapterCliTests
{
    static (int Code, string Out, string Err) Run(params string[] args)
    {
        var root = new RootCommand { ScoreCommand.Create(), GenerateCommand.Create(), AdaptersCommand.Create(), EvalCommand.Create() };
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        var (o, e) = (new StringWriter(), new StringWriter());
        Console.SetOut(o);
        Console.SetError(e);
        try { return (root.Parse(args).Invoke(), o.ToString(), e.ToString()); }
        finally { Console.SetOut(oldOut); Console.SetError(oldErr); }
    }

    [Theory]
    [MemberData(nameof(AdapterFixture.AllData), MemberType = typeof(AdapterFixture))]
    public void Score_with_an_adapter_reproduces_the_fixture_scores(string name)
    {
        using var fx = new AdapterFixture(name);
        using var tmp = TestPaths.NewTempDir();
        var inputs = File.ReadAllLines(Path.Combine(fx.Dir, "score_input.jsonl"));
        var poly = fx.PeftType == "POLY";
        // Poly: one line per (input, task id), each naming its task, as score_expected.jsonl lists them.
        var lines = poly ? inputs.SelectMany(l => Enumerable.Range(0, 3).Select(t => l.TrimEnd('}') + $", \"task_id\": {t}}}")).ToArray() : inputs;
        File.WriteAllLines(tmp.File("in.jsonl"), lines);
        var (code, _, err) = Run("score", "--model", fx.BaseDir, "--adapter", fx.Dir, "--input", tmp.File("in.jsonl"), "--output", tmp.File("out.jsonl"));
        Assert.True(code == 0, err);
        var actual = File.ReadAllLines(tmp.File("out.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var expected = File.ReadAllLines(Path.Combine(fx.Dir, "score_expected.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(expected.Count, actual.Count);
        double worst = 0;
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(AdapterFixture.TaskId(expected[i]), AdapterFixture.TaskId(actual[i]));
            var (e, a) = (AdapterFixture.Doubles(expected[i].GetProperty("scores")), AdapterFixture.Doubles(actual[i].GetProperty("scores")));
            Assert.Equal(e.Length, a.Length);
            for (var t = 0; t < e.Length; t++)
            {
                Assert.True(Math.Abs(e[t] - a[t]) <= 1e-3, $"{name} line {i + 1} target {t}: {a[t]} vs PEFT {e[t]}");
                worst = Math.Max(worst, Math.Abs(e[t] - a[t]));
                var (et, at) = (AdapterFixture.Doubles(expected[i].GetProperty("token_logprobs")[t]), AdapterFixture.Doubles(actual[i].GetProperty("token_logprobs")[t]));
                Assert.Equal(et.Length, at.Length);
                Assert.All(et.Zip(at), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-3));
            }
        }
        ParityLog.Record(name, "t0sharp score sum max |diff|", worst);
    }

    [Fact]
    public void Generate_routes_a_poly_adapter_by_task_id()
    {
        using var fx = new AdapterFixture("tiny-t0-t5-v1_1-gated-gelu--poly-s-3tasks");
        using var tmp = TestPaths.NewTempDir();
        var c = fx.Cases.First(x => x.GetProperty("input").GetInt32() == 1 && AdapterFixture.TaskId(x) == 2);
        File.WriteAllText(tmp.File("in.jsonl"), $"{{\"input_ids\": {JsonSerializer.Serialize(AdapterFixture.Ints(c.GetProperty("input_ids")))}}}\n");
        var (code, _, err) = Run("generate", "--model", fx.BaseDir, "--adapter", fx.Dir, "--task-id", "2", "--max-new-tokens", "12",
            "--input", tmp.File("in.jsonl"), "--output", tmp.File("out.jsonl"));
        Assert.True(code == 0, err);
        var ids = AdapterFixture.Ints(JsonDocument.Parse(File.ReadAllText(tmp.File("out.jsonl"))).RootElement.GetProperty("ids"));
        Assert.Equal(AdapterFixture.Ints(c.GetProperty("greedy_sequence"))[1..], ids);
    }

    [Fact]
    public void Info_prints_method_targets_and_trainable_parameters()
    {
        using var fx = new AdapterFixture("tiny-t0-t5-v1_1-gated-gelu--ia3-default");
        var (code, output, _) = Run("adapters", "info", fx.Dir);
        Assert.Equal(0, code);
        Assert.Contains("method: (IA)^3 (peft_type IA3, task_type SEQ_2_SEQ_LM)", output);
        Assert.Contains("targets: [k, v, wo]; scaling their input (feed-forward): [wo]", output);
        Assert.Contains("trainable parameters: 960 in 16 tensors", output);
        using var poly = new AdapterFixture("tiny-t5-v1_0-relu--poly-s-3tasks");
        var (_, polyOut, _) = Run("adapters", "info", poly.Dir);
        Assert.Contains("r 2, 3 tasks, 4 skills, 2 splits (Poly-S / MHR)", polyOut);
        Assert.Contains($"trainable parameters: {poly.Root.GetProperty("trainable_parameters").GetInt64():N0}", polyOut);
    }

    [Fact]
    public void Compacter_and_bottleneck_adapters_init_info_and_score_through_the_cli()
    {
        using var fx = new AdapterFixture("tiny-t0-t5-v1_1-gated-gelu--lora-qv-r4");
        using var tmp = TestPaths.NewTempDir();
        File.WriteAllText(tmp.File("compacter.json"), "{\"peft_type\": \"COMPACTER\", \"placement\": \"pfeiffer\", \"reduction_factor\": 8, \"phm_c_init\": \"uniform\"}");
        File.WriteAllText(tmp.File("houlsby.json"), "{\"peft_type\": \"BOTTLENECK\", \"reduction_factor\": 8}");
        foreach (var name in new[] { "compacter", "houlsby" })
        {
            var (initCode, _, initErr) = Run("adapters", "init", "--model", fx.BaseDir, "--config", tmp.File(name + ".json"), "--out", tmp.File(name));
            Assert.True(initCode == 0, initErr);
        }
        var (code, output, err) = Run("adapters", "info", tmp.File("compacter"));
        Assert.True(code == 0, err);
        Assert.Contains("method: Compacter (peft_type COMPACTER, task_type SEQ_2_SEQ_LM)", output);
        Assert.Contains("Compacter++ (placement pfeiffer); targets: [wo]", output);
        Assert.Contains("reduction factor 8, gelu_new, phm_dim 4, fast weights rank 1, one shared rule", output);
        // d_model 32, bottleneck 4, 2 encoder + 2 decoder feed-forward outputs: 4 · (2·1·(32 + 4) + 4 + 32) + 4³
        Assert.Contains($"trainable parameters: {4 * (2 * (32 + 4) + 4 + 32) + 64:N0} in {1 + 4 * 6} tensors", output);
        (code, output, err) = Run("adapters", "info", tmp.File("houlsby"));
        Assert.True(code == 0, err);
        Assert.Contains("method: bottleneck adapter (peft_type BOTTLENECK, task_type SEQ_2_SEQ_LM)", output);
        Assert.Contains("placement houlsby; targets: [SelfAttention.o, wo]", output);
        Assert.Contains($"trainable parameters: {8 * (2 * 32 * 4 + 4 + 32):N0} in {8 * 4} tensors", output);

        // the Houlsby adapter starts as an identity: its scores are the base model's, bit for bit
        var input = Path.Combine(fx.Dir, "score_input.jsonl");
        Assert.Equal(0, Run("score", "--model", fx.BaseDir, "--input", input, "--output", tmp.File("base.jsonl")).Code);
        Assert.Equal(0, Run("score", "--model", fx.BaseDir, "--adapter", tmp.File("houlsby"), "--input", input, "--output", tmp.File("houlsby.jsonl")).Code);
        Assert.Equal(0, Run("score", "--model", fx.BaseDir, "--adapter", tmp.File("compacter"), "--input", input, "--output", tmp.File("compacter.jsonl")).Code);
        static string Scores(string file) => string.Join("\n", File.ReadAllLines(file).Select(l => JsonNode.Parse(l)!["scores"]!.ToJsonString()));
        Assert.Equal(Scores(tmp.File("base.jsonl")), Scores(tmp.File("houlsby.jsonl")));
        Assert.NotEqual(Scores(tmp.File("base.jsonl")), Scores(tmp.File("compacter.jsonl")));

        (code, _, err) = Run("adapters", "merge", "--model", fx.BaseDir, "--adapter", tmp.File("compacter"), "--out", tmp.File("merged"));
        Assert.Equal(2, code);
        Assert.Contains("is COMPACTER: only LoRA and (IA)^3 adapters merge", err);
    }

    [Theory]
    [InlineData("tiny-t0-t5-v1_1-gated-gelu--lora-qv-r4")]
    [InlineData("tiny-bloomz-bloom-bf16--ia3-default")]
    public void Merge_writes_a_full_checkpoint_computing_peft_merged_logits(string name)
    {
        using var fx = new AdapterFixture(name);
        using var tmp = TestPaths.NewTempDir();
        var outDir = tmp.File("merged");
        var (code, _, err) = Run("adapters", "merge", "--model", fx.BaseDir, "--adapter", fx.Dir, "--out", outDir);
        Assert.True(code == 0, err);
        Assert.DoesNotContain(Directory.GetDirectories(tmp.Path), d => Path.GetFileName(d).StartsWith('.')); // no temp folder left
        using var merged = PretrainedModel.Load(outDir);
        Assert.Empty(Models.Adaptation.AdaptationPoints.AdapterParameters(merged));
        using var _ = no_grad();
        var c = fx.Cases.First(x => x.GetProperty("input").GetInt32() == 0);
        using var expected = fx.Tensor("in0.merged_logits");
        using var logits = FixtureRuns.Logits(merged, c);
        Close.Tensors(expected, logits.narrow(-1, 0, expected.shape[^1]), name + " merged checkpoint");

        var again = Run("adapters", "merge", "--model", fx.BaseDir, "--adapter", fx.Dir, "--out", outDir);
        Assert.Equal(2, again.Code);
        Assert.Equal($"error: --out {outDir}: already exists; give a new folder", again.Err.Trim());
    }

    [Fact]
    public void Init_writes_a_loadable_adapter_that_is_an_identity_with_peft_default_init()
    {
        using var tmp = TestPaths.NewTempDir();
        var model = AdapterFixture.BaseModelDir("tiny-t0-t5-v1_1-gated-gelu");
        File.WriteAllText(tmp.File("lora.json"), "{\"peft_type\": \"LORA\", \"r\": 2, \"target_modules\": [\"q\", \"v\"]}");
        var (code, _, err) = Run("adapters", "init", "--model", model, "--config", tmp.File("lora.json"), "--out", tmp.File("a"), "--seed", "3");
        Assert.True(code == 0, err);
        var config = Assert.IsType<LoraConfig>(PeftConfig.Load(tmp.File("a")));
        Assert.Equal((2, "SEQ_2_SEQ_LM", model), (config.R, config.TaskType, config.BaseModelNameOrPath));
        File.WriteAllText(tmp.File("in.jsonl"), "{\"input_ids\": [5, 6, 1], \"targets\": [[7, 1]]}\n");
        Assert.Equal(0, Run("score", "--model", model, "--input", tmp.File("in.jsonl"), "--output", tmp.File("base.jsonl")).Code);
        Assert.Equal(0, Run("score", "--model", model, "--adapter", tmp.File("a"), "--input", tmp.File("in.jsonl"), "--output", tmp.File("lora.jsonl")).Code);
        var (b, l) = (JsonDocument.Parse(File.ReadAllText(tmp.File("base.jsonl"))).RootElement, JsonDocument.Parse(File.ReadAllText(tmp.File("lora.jsonl"))).RootElement);
        Assert.Equal(b.GetProperty("scores")[0].GetDouble(), l.GetProperty("scores")[0].GetDouble()); // B = 0: the base model exactly
        Assert.Equal(2, Run("adapters", "init", "--model", model, "--config", tmp.File("lora.json"), "--out", tmp.File("a")).Code);
    }

    [Theory]
    [InlineData("merge-prompt", "is PROMPT_TUNING: only LoRA and (IA)^3 adapters merge into the base weights")]
    [InlineData("task-without-adapter", "--task-id, --task and --average-skills route a Poly adapter: give it with --adapter DIR")]
    [InlineData("poly-without-task", "add \"task_id\": N to the line, or pass --task-id N, --task NAME or --average-skills")]
    [InlineData("task-on-lora", "--task-id, --task and --average-skills route Poly adapters;")]
    [InlineData("task-out-of-range", "--task-id 7: the adapter has tasks 0..2")]
    [InlineData("task-name-unknown", "--task rte: ")]
    [InlineData("missing-adapter", "--adapter /nonexistent/adapter: no such folder")]
    [InlineData("info-missing", "/nonexistent/adapter: no such adapter folder")]
    [InlineData("wrong-base", "\"task_type\" is \"SEQ_2_SEQ_LM\" but the model is a bloom (decoder-only) model")]
    public void Bad_input_is_one_error_line_and_exit_code_2(string kind, string message)
    {
        using var tmp = TestPaths.NewTempDir();
        File.WriteAllText(tmp.File("in.jsonl"), "{\"input_ids\": [5, 6, 1], \"targets\": [[7, 1]]}\n");
        var t5 = AdapterFixture.BaseModelDir("tiny-t5-v1_0-relu");
        string Fixture(string n) => TestPaths.TestData("adapters", n);
        string[] score = ["score", "--input", tmp.File("in.jsonl"), "--output", tmp.File("out.jsonl")];
        string[] args = kind switch
        {
            "merge-prompt" => ["adapters", "merge", "--model", t5, "--adapter", Fixture("tiny-t5-v1_0-relu--prompt-tuning-5"), "--out", tmp.File("m")],
            "task-without-adapter" => [.. score, "--model", t5, "--task-id", "1"],
            "poly-without-task" => [.. score, "--model", t5, "--adapter", Fixture("tiny-t5-v1_0-relu--poly-s-3tasks")],
            "task-on-lora" => [.. score, "--model", t5, "--adapter", Fixture("tiny-t5-v1_0-relu--lora-qv-r4"), "--task-id", "0"],
            "task-out-of-range" => [.. score, "--model", t5, "--adapter", Fixture("tiny-t5-v1_0-relu--poly-s-3tasks"), "--task-id", "7"],
            "task-name-unknown" => [.. score, "--model", t5, "--adapter", Fixture("tiny-t5-v1_0-relu--poly-s-3tasks"), "--task", "rte"],
            "missing-adapter" => [.. score, "--model", t5, "--adapter", "/nonexistent/adapter"],
            "info-missing" => ["adapters", "info", "/nonexistent/adapter"],
            _ => [.. score, "--model", AdapterFixture.BaseModelDir("tiny-bloomz-bloom-bf16"), "--adapter", Fixture("tiny-t5-v1_0-relu--lora-qv-r4")],
        };
        var (code, _, err) = Run(args);
        Assert.Equal(2, code);
        var lines = err.Trim().Split('\n').Where(l => !l.StartsWith("note:")).ToList();
        Assert.Single(lines);
        Assert.StartsWith("error: ", lines[0]);
        Assert.Contains(message, lines[0]);
    }

    [Fact]
    public void Eval_with_an_adapter_names_it_and_compares_side_by_side_with_the_base()
    {
        using var fx = new AdapterFixture("tiny-t0-t5-v1_1-gated-gelu--lora-qv-r4");
        using var dir = TestPaths.NewTempDir();
        string[] common = ["eval", "--model", fx.BaseDir, "--tokenizer", TestPaths.TestData("tokenizers", "t5", "spiece.model"), "--tasks", "rte", "--limit", "2"];
        Assert.Equal(0, Run([.. common, "--out", dir.File("base")]).Code);
        var adapted = Run([.. common, "--adapter", fx.Dir, "--out", dir.File("lora")]);
        Assert.True(adapted.Code == 0, adapted.Err);
        var (b, a) = (RunResults.Load(dir.File("base")), RunResults.Load(dir.File("lora")));
        Assert.EndsWith(" + tiny-t0-t5-v1_1-gated-gelu--lora-qv-r4 (LoRA)", a.Model);
        Assert.DoesNotContain("+", b.Model);
        var scores = (ResultStore.ReadAll(Path.Combine(dir.File("base"), "examples.jsonl")), ResultStore.ReadAll(Path.Combine(dir.File("lora"), "examples.jsonl")));
        Assert.NotEqual(JsonSerializer.Serialize(scores.Item1.Select(r => r.LogProbSum)), JsonSerializer.Serialize(scores.Item2.Select(r => r.LogProbSum)));
        Assert.Equal(0, Run("eval", "--compare", dir.File("base"), dir.File("lora"), "--out", dir.File("cmp")).Code);
        var md = File.ReadAllText(dir.File("cmp/comparison.md"));
        Assert.Contains("| dataset | base | lora |", md);
        Assert.Contains(" + tiny-t0-t5-v1_1-gated-gelu--lora-qv-r4 (LoRA)`", md);
    }
}

[CollectionDefinition("console", DisableParallelization = true)]
public class ConsoleCollection { }
