using System.Text.Json.Nodes;
using T0Sharp.Models.Adaptation;
using T0Sharp.Modular.Contract;
using T0Sharp.Modular.Spt;
using T0Sharp.Modular.Tests.Support;
using static TorchSharp.torch;

namespace T0Sharp.Modular.Tests.Methods;

public class SptTests
{
    [Theory]
    [InlineData("mean", "add")]
    [InlineData("max", "concat")]
    public void Prompt_matches_a_hand_computation_of_retrieval_by_the_instruction(string pooling, string combine)
    {
        using var model = TinyModel.Load();
        var modular = TinyModel.Attach(model, new JsonObject
        {
            ["method"] = "spt", ["prompt_length"] = 2, ["bank_size"] = 5, ["top_k"] = 2, ["pooling"] = pooling, ["combine"] = combine, ["own_prompt"] = "per_task",
        });
        var module = (SptModule)modular.Method.Module;
        Assert.Equal(ConditioningKinds.Instruction | ConditioningKinds.TaskId, modular.Method.ConditionsOn);
        // row 0: task t_c's table instruction; row 1: an explicit instruction of an unknown task
        var c = new Conditioning(TaskIds: tensor(new long[] { 2, -1 }),
            InstructionIds: tensor(new long[] { 300, 301, 302, 55, 66, 0 }, [2, 3]), InstructionMask: tensor(new long[] { 1, 1, 1, 1, 1, 0 }, [2, 3]));
        using var _ = no_grad();
        var prompt = module.Prompt(new PromptRequest(2, zeros(2, 4, 32), null, c));
        Assert.Equal(new long[] { 2, combine == "concat" ? 4 : 2, 32 }, prompt.shape);

        using var emb = ModelDims.Embeddings(model);
        var E = new Host.Array(emb);
        var keys = new Host.Array(module.get_parameter("memory_keys")!);
        var mem = new Host.Array(module.get_parameter("memory_prompts")!);
        var own = new Host.Array(module.get_parameter("own_prompts")!);
        var got = new Host.Array(prompt);
        long[][] instr = [[300, 301, 302], [55, 66]];
        for (var b = 0; b < 2; b++)
        {
            var q = Enumerable.Range(0, 32).Select(k => pooling == "mean" ? instr[b].Average(id => E[id, k]) : instr[b].Max(id => E[id, k])).ToArray();
            var scores = Enumerable.Range(0, 5).Select(m => Enumerable.Range(0, 32).Sum(k => q[k] * keys[m, k]) / Math.Sqrt(32)).ToArray();
            var top = Enumerable.Range(0, 5).OrderByDescending(m => scores[m]).Take(2).ToArray();
            var w = top.Select(m => Math.Exp(scores[m] - scores[top[0]])).ToArray();
            var sum = w.Sum();
            for (var p = 0; p < 2; p++)
                for (var k = 0; k < 32; k++)
                {
                    var retrieved = w[0] / sum * mem[top[0], p, k] + w[1] / sum * mem[top[1], p, k];
                    var ownV = b == 0 ? own[2, p, k] : (own[0, p, k] + own[1, p, k] + own[2, p, k]) / 3;
                    if (combine == "add") Assert.True(Math.Abs(retrieved + ownV - got[b, p, k]) < 1e-5, $"{b},{p},{k}");
                    else
                    {
                        Assert.True(Math.Abs(retrieved - got[b, p, k]) < 1e-5);
                        Assert.True(Math.Abs(ownV - got[b, p + 2, k]) < 1e-5);
                    }
                }
        }
    }

    [Fact]
    public void Rows_retrieve_by_their_own_instruction_so_the_output_changes_with_it()
    {
        using var model = TinyModel.Load();
        TinyModel.Attach(model, new JsonObject { ["method"] = "spt", ["prompt_length"] = 2, ["bank_size"] = 6, ["top_k"] = 1 });
        var same = TinyModel.Logits(model, TinyModel.Batch(TinyModel.Tasks3(0, 0, 0)));
        var mixed = TinyModel.Logits(model, TinyModel.Batch(TinyModel.Tasks3(0, 2, -1)));
        Assert.True(TinyModel.Exact(same[0], mixed[0]));
        Assert.False(same[1].allclose(mixed[1], 1e-6, 1e-6));
        var c = new Conditioning(TaskIds: tensor(new long[] { -1, -1, -1 }), InstructionIds: tensor(new long[] { 300, 301, 302, 300, 301, 302, 200, 0, 0 }, [3, 3]),
            InstructionMask: tensor(new long[] { 1, 1, 1, 1, 1, 1, 1, 0, 0 }, [3, 3]));
        var given = TinyModel.Logits(model, TinyModel.Batch(c));
        // an unknown task with task t_c's instruction gets exactly what task t_c's table gives (shared own prompt)
        var known = TinyModel.Logits(model, TinyModel.Batch(TinyModel.Tasks3(2, 2, 1)));
        Assert.True(TinyModel.Exact(given, known));
    }
}
