using T0Sharp.Data.Mixtures;
using T0Sharp.Data.Mixtures.Xp3;
using T0Sharp.Data.Sources;
using T0Sharp.Data.Tasks;
using T0Sharp.Data.Tests.Support;
using T0Sharp.Tests;

namespace T0Sharp.Data.Tests.Mixtures.Xp3;

/// <summary>xP3's rules on literal inputs: which tasks, caps, skipped prompts, BLOOMZ rates; hand-computed expectations.</summary>
public class Xp3MixturesTests : IDisposable
{
    readonly TempDir _dir = TestPaths.NewTempDir();
    readonly DatasetDirectory _data;

    // multi: a multilingual dataset (prompts of its "en" config for every config); mono: English only; hidden: a test
    // split with hidden labels; eval: a held-out set (xp3all only); nli: held-out NLI (never trained).
    static readonly Xp3DatasetList Lists = new(
    [
        new("multi", "*", Xp3Role.Train, "en", "{config}", null),
        new("mono", null, Xp3Role.Train, null, "en", null),
        new("hidden", null, Xp3Role.Train, null, "en", null),
        new("absent", "cfg", Xp3Role.Train, null, "en", null),
        new("ns/evalset", "*", Xp3Role.Eval, "en", "{config}", "evalset"),
        new("nli", "*", Xp3Role.EvalNli, "en", "{config}", null),
    ],
    [("hidden", "test", "all"), ("mono", "validation", "B")],
    [("en", 0.6), ("fr", 0.2), ("sw", 0.2)]);

    static readonly FakeTemplateProvider English = new(new()
    {
        ["multi/en"] = [FakeTemplate.TextLabel("A"), FakeTemplate.TextLabel("B")],
        ["mono"] = [FakeTemplate.TextLabel("A"), FakeTemplate.TextLabel("B")],
        ["hidden"] = [FakeTemplate.TextLabel("A")],
        ["ns/evalset/en"] = [FakeTemplate.TextLabel("A")],
        ["nli/en"] = [FakeTemplate.TextLabel("A")],
    });

    static readonly FakeTemplateProvider Mt = new(new()
    {
        ["multi/en"] = [FakeTemplate.TextLabel("A"), FakeTemplate.TextLabel("B")],
        ["multi/fr"] = [FakeTemplate.TextLabel("A_frmt")],
        ["mono"] = [FakeTemplate.TextLabel("A"), FakeTemplate.TextLabel("B")],
        ["hidden"] = [FakeTemplate.TextLabel("A")],
    });

    public Xp3MixturesTests()
    {
        DataFiles.Rows(_dir.Path, "multi/en/train.jsonl", "en", 30);
        DataFiles.Rows(_dir.Path, "multi/en/test.jsonl", "en test", 4);
        DataFiles.Rows(_dir.Path, "multi/fr/train.jsonl", "fr", 12);
        DataFiles.Rows(_dir.Path, "multi/xx/train.jsonl", "xx", 5);     // no BLOOMZ weight: not an xP3 language
        DataFiles.Rows(_dir.Path, "mono/train.jsonl", "mono", 25);
        DataFiles.Rows(_dir.Path, "mono/validation.jsonl", "mono val", 3);
        DataFiles.Rows(_dir.Path, "hidden/test.jsonl", "hidden", 7);
        DataFiles.Rows(_dir.Path, "evalset/en/test.jsonl", "eval en", 6);
        DataFiles.Rows(_dir.Path, "evalset/fr/test.jsonl", "eval fr", 8);
        DataFiles.Rows(_dir.Path, "nli/en/validation.jsonl", "nli", 9);
        _data = new DatasetDirectory(_dir.Path);
    }

    public void Dispose() => _dir.Dispose();

    Xp3Mixtures Mixtures(long cap = 10) => new(Lists, _data, English, Mt, new Xp3BuildOptions(cap));

    static Dictionary<string, double> RatesOf(Mixture m) => m.Components.ToDictionary(c => c.Task.Name, c => c.Rate);

    [Fact]
    public void Xp3_takes_every_split_and_english_prompts_caps_each_prompt_and_weights_languages()
    {
        var m = Mixtures().Build(Xp3Mixtures.Xp3);
        var counts = m.Components.ToDictionary(c => c.Task.Name, c => c.Task.CountRows(_data));
        Assert.Equal(new Dictionary<string, long>
        {
            ["multi_en_A_train"] = 10, ["multi_en_B_train"] = 10,    // 30 records, capped at 10
            ["multi_en_A_test"] = 4, ["multi_en_B_test"] = 4,
            ["multi_fr_A_train"] = 10, ["multi_fr_B_train"] = 10,    // fr data with the en prompts
            ["mono_A_train"] = 10, ["mono_B_train"] = 10,
            ["mono_A_validation"] = 3,                               // B is skipped on mono's validation split
        }, counts);                                                  // hidden/test: every prompt skipped
        Assert.All(m.Components, c => Assert.IsType<Xp3Task>(c.Task));
        Assert.Equal("fr", ((Xp3Task)m.Components.Single(c => c.Task.Name == "multi_fr_A_train").Task).Language);

        // en: 10+10+4+4+10+10+3 = 51 records, fr: 20; N = 71. sw has no data: en and fr share its weight (0.75 / 0.25).
        var rates = RatesOf(m);
        Assert.Equal(0.75 * 10 / 51 * 71, rates["multi_en_A_train"], 12);
        Assert.Equal(0.75 * 3 / 51 * 71, rates["mono_A_validation"], 12);
        Assert.Equal(0.25 * 10 / 20 * 71, rates["multi_fr_A_train"], 12);
        Assert.Equal(71, m.TotalRate, 9);

        Assert.Contains(m.Warnings, w => w.StartsWith("1 dataset(s) of xp3 missing", StringComparison.Ordinal) && w.Contains("absent/cfg"));
        Assert.Contains(m.Warnings, w => w.Contains("not in an xP3 language") && w.Contains("multi/xx"));
        Assert.Contains(m.Warnings, w => w.Contains("have no local data") && w.EndsWith(": sw", StringComparison.Ordinal));
        Assert.DoesNotContain(m.Components, c => c.Task.Dataset is "evalset" or "nli");   // held out

        var languages = Xp3Mixtures.Languages(m, Lists, _data);
        Assert.Equal(["en", "fr"], languages.Select(l => l.Language));
        Assert.Equal([51L, 20L], languages.Select(l => l.Records));
        Assert.Equal([7, 2], languages.Select(l => l.Tasks));
        Assert.Equal(0.75, languages[0].Share, 12);
    }

    [Fact]
    public void Xp3mt_adds_each_configs_own_language_prompts()
    {
        var m = Mixtures().Build(Xp3Mixtures.Xp3Mt);
        var names = m.Components.Select(c => c.Task.Name).ToHashSet();
        Assert.Contains("multi_fr_A_frmt_train", names);
        Assert.Contains("multi_fr_A_train", names);                  // and the English prompts
        Assert.Equal(10, m.Components.Count);
        var rates = RatesOf(m);
        Assert.Equal(0.25 * 10 / 30 * 81, rates["multi_fr_A_frmt_train"], 12);   // fr: 30 records of N = 81
    }

    [Fact]
    public void Xp3all_adds_held_out_sets_except_nli_with_english_prompts()
    {
        var m = Mixtures().Build(Xp3Mixtures.Xp3All);
        var added = m.Components.Where(c => c.Task.Dataset == "evalset").ToDictionary(c => c.Task.Name, c => c.Task.CountRows(_data));
        Assert.Equal(new Dictionary<string, long> { ["evalset_en_A_test"] = 6, ["evalset_fr_A_test"] = 8 }, added);
        Assert.DoesNotContain(m.Components, c => c.Task.Dataset == "nli");
    }

    [Fact]
    public void A_capped_task_reads_a_seeded_subset_of_its_split()
    {
        var m = Mixtures(cap: 10).Build(Xp3Mixtures.Xp3);
        var task = m.Components.Single(c => c.Task.Name == "multi_en_A_train").Task;
        var rows = task.Open(_data)!.Read().ToList();
        Assert.Equal(10, rows.Count);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), rows.Select(r => r.Index));          // re-numbered
        var texts = rows.Select(r => (string)r.Values["text"]!).ToList();
        Assert.Equal(10, texts.Distinct().Count());
        Assert.All(texts, t => Assert.StartsWith("en ", t));
        var original = texts.Select(t => int.Parse(t[3..])).ToList();
        Assert.Equal(original.Order(), original);                                                      // file order
        Assert.NotEqual(Enumerable.Range(0, 10), original);                                            // not the first ten
        Assert.Equal(texts.Skip(4), task.Open(_data)!.Read(4).Select(r => (string)r.Values["text"]!));  // skip within the subset

        var again = Mixtures(cap: 10).Build(Xp3Mixtures.Xp3).Components.Single(c => c.Task.Name == "multi_en_A_train").Task;
        Assert.Equal(texts, again.Open(_data)!.Read().Select(r => (string)r.Values["text"]!));         // deterministic
        var other = new Xp3Mixtures(Lists, _data, English, Mt, new Xp3BuildOptions(10, ShuffleSeed: 1)).Build(Xp3Mixtures.Xp3)
            .Components.Single(c => c.Task.Name == "multi_en_A_train").Task;
        Assert.NotEqual(texts, other.Open(_data)!.Read().Select(r => (string)r.Values["text"]!));
    }

    [Fact]
    public void Kept_indices_are_a_uniform_subset()
    {
        Assert.Equal([0L, 1, 2], Xp3Task.KeptIndices(3, 5, 0, "t"));
        var kept = Xp3Task.KeptIndices(1_000_000, 1000, 7, "t");
        Assert.Equal(1000, kept.Distinct().Count());
        Assert.Equal(kept.Order(), kept);
        Assert.All(kept, k => Assert.InRange(k, 0, 999_999));
        // Each index is kept with probability 1/1000: the kept ones' mean is near 500,000 (sd of the mean ~9,100).
        Assert.InRange(kept.Average(), 500_000 - 40_000, 500_000 + 40_000);
        Assert.Equal(kept, Xp3Task.KeptIndices(1_000_000, 1000, 7, "t"));
    }

    [Fact]
    public void Sampling_follows_the_language_shares()
    {
        var m = Mixtures().Build(Xp3Mixtures.Xp3);
        using var stream = new MixtureStream(m, _data, seed: 3);
        var byLanguage = new Dictionary<string, int>();
        const int draws = 20_000;
        for (int i = 0; i < draws; i++)
        {
            var language = ((Xp3Task)stream.Next().Task).Language;
            byLanguage[language] = byLanguage.GetValueOrDefault(language) + 1;
        }
        // fr's share is 0.25: binomial sd over 20,000 draws is 0.0031, so ±0.012 is four sd.
        Assert.InRange(byLanguage["fr"] / (double)draws, 0.25 - 0.012, 0.25 + 0.012);
    }
}
