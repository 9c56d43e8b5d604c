using T0Sharp.Data.Tasks;
using T0Sharp.Evaluation.Running;
using T0Sharp.Models.Adaptation;
using T0Sharp.Modular;
using T0Sharp.Modular.Contract;

namespace T0Sharp.Cli.Commands;

/// <summary>
/// How <c>eval --adapter</c> conditions a modular method on each prompt: the task id of the prompt's training-task
/// name (t-zero's naming, <see cref="TaskNames.Get"/>; -1 for held-out tasks, which is the point of zero-shot
/// evaluation) and its instruction: the training table's for a known task, else inferred from the template's first
/// rendered inputs (<see cref="InstructionText"/>), the same rule training applied.
/// </summary>
internal sealed class ModularPromptConditioning(ModularModel modular) : IPromptConditioning
{
    public ExampleConditioning? For(string task, string dataset, string? subset, string template, IReadOnlyList<string> sampleInputs)
    {
        var name = TaskNames.Get(dataset, subset, template);
        var known = modular.Tasks.IdOf(name) >= 0;
        return modular.ConditioningFor(name, known || !modular.Method.ConditionsOn.HasFlag(ConditioningKinds.Instruction) ? null : InstructionText.Infer(sampleInputs));
    }
}
