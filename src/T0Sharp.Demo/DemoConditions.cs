using T0Sharp.Synthetic;

namespace T0Sharp.Demo;

/// <summary>One experimental condition: what the model starts from and what multitask training it gets.</summary>
public sealed record DemoCondition(string Name, string Description, bool Pretrained, int TaskTypes, bool OneTemplate)
{
    /// <summary>The training task types: the first <see cref="TaskTypes"/> of the suite's fixed order.</summary>
    public IReadOnlyList<SyntheticTask> Tasks => SyntheticSuite.TrainingTasks.Take(TaskTypes).ToList();
    public object TemplatesPerTask => OneTemplate ? 1 : "all";
}

/// <summary>
/// The demo's conditions, T0's experiments in miniature: the pretrained-only baseline (T0's "T5+LM" row), multitask
/// training on the first k training task types (k from <see cref="DemoOptions.TaskCounts"/>; the order of
/// <see cref="SyntheticSuite.TrainingTasks"/> was fixed before any measurement), the largest k with one template per
/// task, and the largest k without pretraining.
/// </summary>
public static class DemoConditions
{
    public const string PretrainedOnly = "pretrained_only";

    public static IReadOnlyList<DemoCondition> All(DemoOptions o)
    {
        int max = o.TaskCounts.Max();
        var list = new List<DemoCondition> { new(PretrainedOnly, "pretrained, no multitask training", true, 0, false) };
        list.AddRange(o.TaskCounts.Order().Select(k => new DemoCondition(Types(k), $"pretrained + {k} training task type{(k == 1 ? "" : "s")}, all templates", true, k, false)));
        list.Add(new(Types(max) + "_one_template", $"pretrained + {max} training task types, one template per task", true, max, true));
        list.Add(new("no_pretraining_" + Types(max), $"{max} training task types, all templates, no pretraining", false, max, false));
        return list;
    }

    public static string Types(int k) => $"types_{k}";
}
