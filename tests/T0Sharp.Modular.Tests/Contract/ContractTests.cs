using System.Text.Json.Nodes;
using T0Sharp.Models.Adaptation;
using T0Sharp.Modular.Contract;
using static TorchSharp.torch;

namespace T0Sharp.Modular.Tests.Contract;

public class ContractTests
{
    [Fact]
    public void Instruction_is_the_word_sequence_every_rendered_input_shares()
    {
        var inputs = new[] { "Add two and four. The sum is", "Add three and one. The sum is", "Add five and two. The sum is" };
        Assert.Equal("Add and The sum is", InstructionText.Infer(inputs));
        Assert.Equal("What is plus two?", InstructionText.Infer(["What is three plus two?", "What is one plus two?"])); // a shared value stays
        Assert.Equal("only one example", InstructionText.Infer(["only one example"]));
        Assert.Equal("", InstructionText.Infer([]));
    }

    [Fact]
    public void Task_table_round_trips_through_json_and_maps_unknown_names_to_minus_one()
    {
        var table = TaskTable.Build(["a", "b"], n => n == "a" ? ["x 1 y", "x 2 y"] : [], s => s.Split(' ').Select(w => w.Length).ToList());
        Assert.Equal("x y", table.Tasks[0].Instruction);
        Assert.Equal([1, 1], table.Tasks[0].InstructionIds);
        Assert.Empty(table.Tasks[1].InstructionIds);
        var back = TaskTable.FromJson(JsonNode.Parse(table.ToJson().ToJsonString()), "test");
        Assert.Equal(table.Tasks.Select(t => (t.Name, t.Instruction, string.Join(",", t.InstructionIds))),
            back.Tasks.Select(t => (t.Name, t.Instruction, string.Join(",", t.InstructionIds))));
        Assert.Equal(1, back.IdOf("b"));
        Assert.Equal(-1, back.IdOf("held_out"));
        Assert.Throws<ArgumentException>(() => new TaskTable([new("a", "", []), new("a", "", [])]));
    }

    [Fact]
    public void Instructions_come_from_the_call_or_else_from_each_rows_task()
    {
        var table = new TaskTable([new("t0", "a b", [5, 6]), new("t1", "c", [7])]);
        var (ids, mask) = RowConditioning.Instructions(new Conditioning(TaskIds: tensor(new long[] { 1, -1, 0 })), 3, table, CPU);
        Assert.Equal(new long[] { 7, 0, 0, 0, 5, 6 }, ids.data<long>().ToArray());
        Assert.Equal(new long[] { 1, 0, 0, 0, 1, 1 }, mask.data<long>().ToArray());
        var given = new Conditioning(TaskIds: tensor(new long[] { 0 }), InstructionIds: tensor(new long[] { 9, 8, 0 }, [1, 3]),
            InstructionMask: tensor(new long[] { 1, 1, 0 }, [1, 3]));
        var (ids2, mask2) = RowConditioning.Instructions(given, 1, table, CPU);
        Assert.Equal(new long[] { 9, 8, 0 }, ids2.data<long>().ToArray());
        Assert.Equal(new long[] { 1, 1, 0 }, mask2.data<long>().ToArray());
        Assert.Equal(new long[] { -1, -1 }, RowConditioning.TaskIds(null, 2, CPU).data<long>().ToArray());
    }

    [Fact]
    public void Pools_ignore_padding_and_give_zeros_for_empty_rows()
    {
        // row 0: positions (1, -5) and (3, 2) real, the padding (100, 100) must not win the max nor enter the mean
        var x = tensor(new float[] { 1, -5, 3, 2, 100, 100, 7, 7, 7, 7, 7, 7 }, [2, 3, 2]);
        var mask = tensor(new long[] { 1, 1, 0, 0, 0, 0 }, [2, 3]);
        Assert.Equal(new float[] { 3, 2, 0, 0 }, RowConditioning.MaxPool(x, mask).data<float>().ToArray());
        Assert.Equal(new float[] { 2, -1.5f, 0, 0 }, RowConditioning.MeanPool(x, mask).data<float>().ToArray());
    }

    [Fact]
    public void Settings_check_types_record_defaults_and_reject_unknown_keys()
    {
        var s = new ModularSettings(new JsonObject { ["prompt_length"] = 4, ["temprature"] = 2.0, ["name"] = 3 }, k => "cfg.yaml:" + k.Length);
        Assert.Equal(4, s.Int("prompt_length", 10, min: 1));
        Assert.Equal(1.5, s.Double("temperature", 1.5));
        Assert.Contains("modular.name: must be a string", Assert.Throws<InvalidDataException>(() => s.String("name", "x")).Message);
        var e = Assert.Throws<InvalidDataException>(() => s.CheckAllRead("attempt", ["name"]));
        Assert.Contains("cfg.yaml:10: modular.temprature: not a setting of method attempt; did you mean temperature", e.Message);
        Assert.Equal(1.5, s.Resolved["temperature"]!.GetValue<double>());
        Assert.Throws<InvalidDataException>(() => new ModularSettings(new JsonObject { ["n"] = 0 }).Int("n", 1, min: 1));
    }
}
