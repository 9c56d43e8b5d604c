using T0Sharp.Core;
using T0Sharp.Data.Mixtures;

namespace T0Sharp.Evaluation.Suites;

/// <summary>
/// The T0 paper's held-out evaluation (11 datasets): the rows of t-zero's <c>datasets.csv</c> with
/// <c>do_eval = BASE</c>, ANLI expanded into R1/R2/R3 on the dev_r1..3 splits, every other dataset on its
/// validation split, and only the templates listed in <c>eval_template_list.csv</c> (= the original-task ones,
/// 86 in all with ANLI's 15 counted once).
/// </summary>
public static class T0HeldOutSuite
{
    static readonly Dictionary<string, (string Key, string Label)> Names = new()
    {
        ["super_glue/cb"] = ("cb", "CB"),
        ["super_glue/rte"] = ("rte", "RTE"),
        ["super_glue/wsc.fixed"] = ("wsc", "WSC"),
        ["winogrande/winogrande_xl"] = ("winogrande", "Winogrande"),
        ["super_glue/copa"] = ("copa", "COPA"),
        ["hellaswag"] = ("hellaswag", "HellaSwag"),
        ["story_cloze/2016"] = ("story_cloze", "StoryCloze"),
        ["super_glue/wic"] = ("wic", "WiC"),
    };

    // The T0 paper's figure order: NLI, coreference, sentence completion, word sense.
    static readonly string[] Order = ["anli_r1", "anli_r2", "anli_r3", "cb", "rte", "wsc", "winogrande", "copa", "hellaswag", "story_cloze", "wic"];

    public const string StoryClozeHint =
        "StoryCloze 2016 is distributed only on request (https://cs.rochester.edu/nlp/rocstories/): convert its " +
        "validation CSV to JSONL with the Hugging Face field names (input_sentence_1..4, sentence_quiz1, " +
        "sentence_quiz2, answer_right_ending) and put it at <data>/story_cloze/2016/validation.jsonl";

    /// <summary>Builds the suite from the t-zero lists in <paramref name="t0ListsDir"/> (default: the bundled assets/promptsource/t0).</summary>
    public static EvalSuite Load(string? t0ListsDir = null)
    {
        var lists = T0DatasetList.Load(t0ListsDir);
        var tasks = new List<EvalTask>();
        var seen = new HashSet<string>();
        foreach (var entry in lists.HeldOut)
        {
            var ds = entry.Dataset;
            var subset = entry.Subset;
            if (!seen.Add(entry.Key)) continue;
            var id = entry.Key;
            var names = lists.EvalTemplates
                .Where(t => t.Dataset == ds && t.Subset == subset)
                .Select(t => t.Template).ToList();
            if (ds == "anli")
            {
                for (var round = 1; round <= 3; round++)
                    tasks.Add(new EvalTask
                    {
                        Name = $"anli_r{round}", Label = $"ANLI R{round}", Dataset = ds, Split = $"dev_r{round}", TemplateNames = names,
                    });
                continue;
            }
            var (key, label) = Names.TryGetValue(id, out var n) ? n : (id.Replace('/', '_'), id);
            tasks.Add(new EvalTask
            {
                Name = key, Label = label, Dataset = ds, Subset = subset, Split = "validation", TemplateNames = names,
                MissingHint = ds == "story_cloze" ? StoryClozeHint : null,
            });
        }
        var ordered = tasks.OrderBy(t => Array.IndexOf(Order, t.Name) is var i && i < 0 ? int.MaxValue : i).ToList();
        return new EvalSuite("t0", ordered);
    }
}
