using T0Sharp.Data.Sources;
using T0Sharp.Data.Tasks;

namespace T0Sharp.Data.Mixtures.Xp3;

/// <summary>How the xP3 mixtures are built.</summary>
/// <param name="Cap">Most records per (dataset config, split, prompt): xP3's 100,000.</param>
/// <param name="ShuffleSeed">Seed of the shuffle that picks the records kept when a split has more than <paramref name="Cap"/>.</param>
public sealed record Xp3BuildOptions(long Cap = Xp3Mixtures.MaxExamplesPerPrompt, long ShuffleSeed = 0);

/// <summary>One language of an xP3 mixture: BLOOMZ's weight, its share among the languages present, tasks and (capped) records.</summary>
public sealed record Xp3LanguageShare(string Language, double Weight, double Share, int Tasks, long Records);

/// <summary>
/// The xP3 mixtures of BLOOMZ and mT0 ("Crosslingual Generalization through Multitask Finetuning"), over whatever
/// datasets are found locally:
/// <list type="bullet">
/// <item><c>xp3</c>: the training datasets (<see cref="Xp3Role.Train"/>) with English prompts: multilingual datasets use
/// the prompts of their English config for every config (xP3's <c>DS_TO_ENG_PROMPT</c>).</item>
/// <item><c>xp3mt</c>: the same from the xP3mt collection, plus every prompt of each config's own-language folder
/// (machine-translated prompts, <c>…_armt</c>, and the few written in the language).</item>
/// <item><c>xp3all</c>: xp3 plus the held-out evaluation datasets other than NLI (XCOPA, XWinograd, XStoryCloze, COPA,
/// Winogrande, StoryCloze), with English prompts: their translated prompts stay held out for evaluation.</item>
/// </list>
/// Every local split of every config is used, except the prompts xP3 skips on splits with hidden labels; each
/// (config, split, prompt) keeps at most <see cref="Xp3BuildOptions.Cap"/> records after a seeded shuffle
/// (<see cref="Xp3Task"/>). Sampling follows BLOOMZ: language L is drawn with its weight from language_weights.csv
/// (normalised over the languages present) and, within L, a task with its share of L's records, so a task's rate is
/// <c>share(L) · n_task / N_L · N</c> (rates sum to N, the mixture's records). Datasets, configs, templates and
/// languages that are missing or not xP3's become warnings, never silent drops.
/// </summary>
public sealed class Xp3Mixtures
{
    public const string Xp3 = "xp3", Xp3Mt = "xp3mt", Xp3All = "xp3all";
    public const long MaxExamplesPerPrompt = 100_000;

    public static IReadOnlyList<string> Names { get; } = [Xp3, Xp3Mt, Xp3All];

    readonly Xp3DatasetList _lists;
    readonly DatasetDirectory _data;
    readonly ITemplateProvider _english, _mt;
    readonly Xp3BuildOptions _options;

    /// <param name="englishPrompts">xP3's collection (the fork's tr13 branch).</param>
    /// <param name="mtPrompts">xP3mt's collection (the fork's xp3mt branch).</param>
    public Xp3Mixtures(Xp3DatasetList lists, DatasetDirectory data, ITemplateProvider englishPrompts, ITemplateProvider mtPrompts, Xp3BuildOptions? options = null)
    {
        _lists = lists; _data = data; _english = englishPrompts; _mt = mtPrompts; _options = options ?? new Xp3BuildOptions();
    }

    /// <summary>A one-line description of one of <see cref="Names"/>.</summary>
    public static string Describe(string name) => name switch
    {
        Xp3 => "xP3 (BLOOMZ, mT0): xP3's training datasets, English prompts, BLOOMZ language weights, 100k cap per prompt",
        Xp3Mt => "xP3mt (BLOOMZ-MT, mT0-MT): xP3 plus machine-translated prompts in each dataset's language",
        Xp3All => "xP3all: xP3 plus the held-out evaluation datasets except NLI, English prompts",
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not an xP3 mixture"),
    };

    /// <summary>Builds one of <see cref="Names"/>.</summary>
    public Mixture Build(string name)
    {
        var roles = name == Xp3All ? new[] { Xp3Role.Train, Xp3Role.Eval } : [Xp3Role.Train];
        var prompts = name == Xp3Mt ? _mt : _english;
        var warnings = new List<string>();
        var missing = new List<string>();
        var notXp3 = new List<string>();
        var tasks = new List<Xp3Task>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in _lists.Datasets.Where(e => roles.Contains(e.Role)))
        {
            var local = LocalName(entry);
            if (local == null) { missing.Add(entry.Key); continue; }
            var configs = entry.Subset == Xp3DatasetEntry.AllConfigs ? _data.Subsets(local).Select(s => (string?)s).ToList() : [entry.Subset];
            if (configs.Count == 0) { missing.Add(entry.Key); continue; }
            foreach (var config in configs)
            {
                var key = config == null ? entry.Dataset : $"{entry.Dataset}/{config}";
                var splits = _data.Splits(local, config);
                if (splits.Count == 0) { missing.Add(key); continue; }
                var language = _lists.LanguageOf(entry, config);
                if (language == null) { notXp3.Add(key); continue; }
                var promptConfig = entry.PromptSubset ?? config;
                var templates = prompts.ForDataset(entry.Dataset, promptConfig);
                if (templates.Count == 0)
                {
                    warnings.Add($"{key}: the xP3 template collection has no templates for {entry.Dataset}{(promptConfig == null ? "" : "/" + promptConfig)}");
                    continue;
                }
                var sets = new List<IReadOnlyList<ITaskTemplate>> { templates };
                if (name == Xp3Mt && entry.PromptSubset != null && config != null && config != entry.PromptSubset)
                    sets.Add(_mt.ForDataset(entry.Dataset, config));   // the config's own-language prompts
                foreach (var split in splits)
                    foreach (var (set, own) in sets.Select((s, i) => (s, i > 0)))
                        foreach (var t in set)
                        {
                            if (_lists.IsSkipped(entry.Dataset, config, split, t.Name)) continue;
                            var taskName = TaskNames.Get(local, config, t.Name) + "_" + split;
                            if (own && names.Contains(taskName)) taskName += "_" + language + "_prompt";
                            if (!names.Add(taskName)) continue;   // the same template listed twice
                            tasks.Add(new Xp3Task(new PromptTask(local, config, split, t, taskName), language, _options.Cap, _options.ShuffleSeed));
                        }
            }
        }
        if (missing.Count > 0)
            warnings.Insert(0, $"{missing.Count} dataset(s) of {name} missing under {_data.Root}: {string.Join(", ", missing)}");
        if (notXp3.Count > 0)
            warnings.Add($"{notXp3.Count} local config(s) not in an xP3 language (no BLOOMZ weight in language_weights.csv), left out: {string.Join(", ", notXp3)}");
        var components = Rates(tasks);
        var present = components.Select(c => ((Xp3Task)c.Task).Language).ToHashSet();
        var absent = _lists.LanguageWeights.Where(w => !present.Contains(w.Language)).Select(w => w.Language).ToList();
        if (absent.Count > 0) warnings.Add($"{absent.Count} xP3 language(s) have no local data, their weight is shared among the others: {string.Join(", ", absent)}");
        return new Mixture(name, components, warnings);
    }

    /// <summary>BLOOMZ's rates: share(L) · n_task / N_L · N, with n_task the capped record count.</summary>
    List<MixtureComponent> Rates(List<Xp3Task> tasks)
    {
        var counts = tasks.ToDictionary(t => t.Name, t => t.CountRows(_data));
        var perLanguage = tasks.GroupBy(t => t.Language).ToDictionary(g => g.Key, g => g.Sum(t => counts[t.Name]));
        double total = perLanguage.Values.Sum();
        double weightSum = perLanguage.Where(kv => kv.Value > 0).Sum(kv => _lists.Weights[kv.Key]);
        return tasks.Select(t =>
        {
            long nL = perLanguage[t.Language];
            double rate = nL == 0 || weightSum == 0 ? 0 : _lists.Weights[t.Language] / weightSum * counts[t.Name] / nL * total;
            return new MixtureComponent(t, rate);
        }).ToList();
    }

    /// <summary>Per language: weight, share of the draws, tasks and capped records of an xP3 mixture (sorted by share).</summary>
    public static IReadOnlyList<Xp3LanguageShare> Languages(Mixture mixture, Xp3DatasetList lists, DatasetDirectory data)
    {
        double total = mixture.TotalRate;
        return mixture.Components.Where(c => c.Task is Xp3Task).GroupBy(c => ((Xp3Task)c.Task).Language)
            .Select(g => new Xp3LanguageShare(g.Key, lists.Weights[g.Key], total == 0 ? 0 : g.Sum(c => c.Rate) / total, g.Count(),
                g.Sum(c => c.Task.CountRows(data))))
            .OrderByDescending(s => s.Share).ThenBy(s => s.Language, StringComparer.Ordinal).ToList();
    }

    /// <summary>The dataset's local folder: its own name, else its local_name, else null.</summary>
    string? LocalName(Xp3DatasetEntry entry) =>
        _data.HasDataset(entry.Dataset) ? entry.Dataset
        : entry.LocalName != null && _data.HasDataset(entry.LocalName) ? entry.LocalName : null;
}
