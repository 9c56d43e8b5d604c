namespace T0Sharp.Evaluation.Suites;

/// <summary>Which prompts a crosslingual task uses.</summary>
public enum PromptLanguage
{
    /// <summary>xP3's English prompts (the dataset's English config), for every language.</summary>
    English,

    /// <summary>xP3mt's machine-translated prompts in the data's language (template names ending <c>_&lt;lang&gt;mt</c>).</summary>
    MachineTranslated,

    /// <summary>Prompts translated by people (XNLI: names ending <c>_&lt;lang&gt;ht</c>).</summary>
    HumanTranslated,
}

/// <summary>
/// xmtf's crosslingual evaluation (BLOOMZ / mT0): XNLI, XCOPA, XWinograd and XStoryCloze, each language with English
/// prompts, machine-translated prompts (xP3mt) and, for XNLI, human-translated prompts, from the bundled xP3mt prompt
/// collection (<see cref="EvalSuite.DefaultTemplates"/>). English and translated runs use the same five prompts (the
/// English originals of the translated ones), so the prompt language is the only difference. Task names are
/// <c>&lt;dataset&gt;_&lt;lang&gt;</c> (English prompts), <c>…_mt</c> and <c>…_ht</c>; reports add a per-language table.
/// </summary>
public static class CrosslingualSuite
{
    public const string Name = "multilingual";

    /// <summary>One dataset: its data folder and split, the xP3 prompt folder, the languages with data and with translated prompts.</summary>
    public sealed record Family(string Key, string Label, string DataName, string Split, string PromptDataset,
        IReadOnlyList<string> Languages, IReadOnlyList<string> EnglishPrompts, IReadOnlyList<string> HumanTranslated, string? MissingHint = null);

    public const string XStoryClozeHint =
        "XStoryCloze's English part is StoryCloze 2016, distributed only on request (https://cs.rochester.edu/nlp/rocstories/); " +
        "the translations are Hugging Face's Muennighoff/xstory_cloze (or juletxara/xstory_cloze). Put each language's evaluation " +
        "split at <data>/xstory_cloze/<lang>/validation.jsonl with fields input_sentence_1..4, sentence_quiz1, sentence_quiz2, answer_right_ending";

    public static IReadOnlyList<Family> Families { get; } =
    [
        new("xnli", "XNLI", "xnli", "validation", "xnli", ["ar", "en", "es", "fr", "hi", "sw", "ur", "vi", "zh"],
            ["GPT-3 style", "MNLI crowdsource", "can we infer", "guaranteed/possible/impossible", "justified in saying"],
            ["ar", "es", "fr", "hi", "sw", "ur", "vi", "zh"]),
        new("xcopa", "XCOPA", "xcopa", "validation", "xcopa", ["et", "ht", "id", "it", "qu", "sw", "ta", "th", "tr", "vi", "zh"],
            ["C1 or C2? premise, so/because…", "best_option", "cause_effect", "i_am_hesitating", "plausible_alternatives"], []),
        new("xwinograd", "XWinograd", "xwinograd", "test", "Muennighoff/xwinograd", ["en", "fr", "jp", "pt", "ru", "zh"],
            ["Replace", "True or False", "does underscore refer to", "stand for", "underscore refer to"], []),
        new("xstory_cloze", "XStoryCloze", "xstory_cloze", "validation", "Muennighoff/xstory_cloze",
            ["ar", "en", "es", "eu", "hi", "id", "my", "ru", "sw", "te", "zh"],
            ["Answer Given options", "Choose Story Ending", "Generate Ending", "Novel Correct Ending", "Story Continuation and Options"], [],
            XStoryClozeHint),
    ];

    /// <summary>The suite: every family × language × prompt language that exists (no MT or HT task for English data).</summary>
    public static EvalSuite Create()
    {
        var tasks = new List<EvalTask>();
        foreach (var f in Families)
            foreach (var lang in f.Languages)
            {
                tasks.Add(Task(f, lang, PromptLanguage.English));
                if (lang == "en") continue;
                tasks.Add(Task(f, lang, PromptLanguage.MachineTranslated));
                if (f.HumanTranslated.Contains(lang)) tasks.Add(Task(f, lang, PromptLanguage.HumanTranslated));
            }
        return new EvalSuite(Name, tasks) { DefaultTemplates = T0Sharp.Core.BuiltInAssets.Xp3MtTemplates };
    }

    public static EvalTask Task(Family f, string lang, PromptLanguage prompts) => new()
    {
        Name = f.Key + "_" + lang + prompts switch { PromptLanguage.MachineTranslated => "_mt", PromptLanguage.HumanTranslated => "_ht", _ => "" },
        Label = $"{f.Label} {lang}" + prompts switch { PromptLanguage.MachineTranslated => " (MT prompts)", PromptLanguage.HumanTranslated => " (HT prompts)", _ => "" },
        Dataset = f.DataName, Subset = lang, Split = f.Split,
        TemplateDataset = f.PromptDataset,
        TemplateSubset = prompts == PromptLanguage.English ? "en" : lang,
        TemplateNames = prompts == PromptLanguage.English ? f.EnglishPrompts : null,
        OriginalTaskOnly = false,   // the translations of all five, as the English names list them
        TemplateNameSuffix = prompts switch { PromptLanguage.MachineTranslated => $"_{lang}mt", PromptLanguage.HumanTranslated => $"_{lang}ht", _ => null },
        MissingHint = f.MissingHint,
    };

    /// <summary>Splits a task name of this suite into (dataset key, language, prompt language), or null.</summary>
    public static (string Family, string Language, PromptLanguage Prompts)? Parse(string taskName)
    {
        foreach (var f in Families)
        {
            if (!taskName.StartsWith(f.Key + "_", StringComparison.Ordinal)) continue;
            var rest = taskName[(f.Key.Length + 1)..];
            var prompts = rest.EndsWith("_mt", StringComparison.Ordinal) ? PromptLanguage.MachineTranslated
                : rest.EndsWith("_ht", StringComparison.Ordinal) ? PromptLanguage.HumanTranslated : PromptLanguage.English;
            var lang = prompts == PromptLanguage.English ? rest : rest[..^3];
            if (f.Languages.Contains(lang)) return (f.Key, lang, prompts);
        }
        return null;
    }
}
