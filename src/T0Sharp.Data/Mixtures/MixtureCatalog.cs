using T0Sharp.Data.Mixtures.Xp3;
using T0Sharp.Data.Sources;
using T0Sharp.Data.Tasks;

namespace T0Sharp.Data.Mixtures;

/// <summary>
/// Everything a user can name with <c>--mixture</c>: t-zero's eight mixtures (<see cref="T0Mixtures"/>), xP3's
/// <c>xp3</c>, <c>xp3mt</c> and <c>xp3all</c> (<see cref="Xp3Mixtures"/>), a single task
/// of T0++ or of the score-eval mixtures by its t-zero name (see <see cref="T0Mixtures.AllTasks"/>), and
/// <c>dataset:NAME[/SUBSET]</c> for every prompt of one dataset that has answer choices (<c>dataset:super_glue/rte</c>:
/// T-Few's few-shot finetuning on one dataset with all its prompts; rate 1 each). Unknown names fail listing the closest.
/// </summary>
public sealed class MixtureCatalog
{
    readonly T0Mixtures _t0;
    readonly Lazy<TaskRegistry> _tasks;
    readonly Lazy<Xp3Sources> _xp3;

    /// <param name="xp3">The xP3 lists and prompt collections (default: the bundled ones, loaded on first use).</param>
    public MixtureCatalog(DatasetDirectory data, ITemplateProvider templates, MixtureBuildOptions? options = null, T0DatasetList? lists = null,
        Xp3Sources? xp3 = null, Xp3BuildOptions? xp3Options = null)
    {
        Data = data;
        _t0 = new T0Mixtures(lists ?? T0DatasetList.Load(), data, templates, options);
        Mixtures = _t0.CreateRegistry();
        _xp3 = new Lazy<Xp3Sources>(() => xp3 ?? Xp3Sources.Load());
        var xp3Mixtures = new Lazy<Xp3Mixtures>(() => new Xp3Mixtures(_xp3.Value.Lists, data, _xp3.Value.EnglishPrompts, _xp3.Value.MtPrompts, xp3Options));
        foreach (var name in Xp3Mixtures.Names)
            Mixtures.Add(name, Xp3Mixtures.Describe(name), () => xp3Mixtures.Value.Build(name));
        _tasks = new Lazy<TaskRegistry>(_t0.AllTasks);
    }

    public DatasetDirectory Data { get; }

    /// <summary>The xP3 lists and prompt collections the xP3 mixtures use.</summary>
    public Xp3Sources Xp3 => _xp3.Value;

    /// <summary>The named mixtures.</summary>
    public MixtureRegistry Mixtures { get; }

    /// <summary>Every single task that can be named (resolved against the local data).</summary>
    public TaskRegistry Tasks => _tasks.Value;

    /// <summary>A mixture by name, or a one-task mixture for a task name.</summary>
    public Mixture Resolve(string name)
    {
        if (name.StartsWith(DatasetPrefix, StringComparison.Ordinal)) return DatasetMixture(name[DatasetPrefix.Length..]);
        if (Mixtures.Contains(name)) return Mixtures.Get(name);
        if (Tasks.TryGet(name, out var task)) return Mixture.Single(task);
        return Mixtures.Get(name, Tasks.Names);   // throws, listing the closest mixture and task names
    }

    public const string DatasetPrefix = "dataset:";

    /// <summary>Every prompt of one dataset that has answer choices (one task per template; score-eval duplicates skipped).</summary>
    Mixture DatasetMixture(string key)
    {
        var tasks = Tasks.All.OfType<PromptTask>().Where(t => t.DatasetKey == key && t.Template.HasAnswerChoices && !t.Name.EndsWith("_score_eval", StringComparison.Ordinal))
            .GroupBy(t => t.Template.Name).Select(g => g.First()).ToList();
        if (tasks.Count == 0)
        {
            var keys = Tasks.All.Select(t => t.DatasetKey).Distinct().ToList();
            throw new KeyNotFoundException(TaskNames.Unknown("dataset", key, keys) + " (dataset:NAME/SUBSET takes the prompts with answer choices of a dataset found locally)");
        }
        return new Mixture(DatasetPrefix + key, tasks.Select(t => new MixtureComponent(t, 1)));
    }
}
