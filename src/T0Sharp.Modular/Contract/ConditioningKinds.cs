namespace T0Sharp.Modular.Contract;

/// <summary>
/// What a task-conditioned method reads from each example (<see cref="Models.Adaptation.Conditioning"/>): its task id
/// (the index of its task name in the training mixture's task list), its instruction (the prompt template with the
/// example's fields removed, see <see cref="InstructionText"/>), its language ids. Saved in modular_config.json as
/// <c>"conditions_on": ["task_id", "instruction"]</c>; inference supplies exactly these.
/// </summary>
[Flags]
public enum ConditioningKinds
{
    None = 0,
    TaskId = 1,
    Instruction = 2,
    Language = 4,
}

public static class ConditioningKindNames
{
    static readonly (ConditioningKinds Kind, string Name)[] Names =
        [(ConditioningKinds.TaskId, "task_id"), (ConditioningKinds.Instruction, "instruction"), (ConditioningKinds.Language, "language")];

    /// <summary>The JSON names of the kinds set in <paramref name="kinds"/>, in a fixed order.</summary>
    public static IReadOnlyList<string> ToNames(ConditioningKinds kinds) => Names.Where(n => kinds.HasFlag(n.Kind)).Select(n => n.Name).ToList();

    public static ConditioningKinds Parse(IEnumerable<string> names, string source)
    {
        var kinds = ConditioningKinds.None;
        foreach (var name in names)
        {
            var match = Names.FirstOrDefault(n => n.Name == name);
            if (match.Name is null) throw new InvalidDataException($"{source}: unknown conditioning \"{name}\" (use task_id, instruction, language)");
            kinds |= match.Kind;
        }
        return kinds;
    }
}
