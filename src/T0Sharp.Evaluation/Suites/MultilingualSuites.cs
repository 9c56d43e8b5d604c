namespace T0Sharp.Evaluation.Suites;

/// <summary>
/// The held-out multilingual sets of the mT0/BLOOMZ paper, evaluated with English prompts as xP3 does:
/// XNLI with promptsource's xnli/en templates, XCOPA with the super_glue/copa templates and XWinograd with the
/// winogrande/winogrande_xl templates (promptsource has no xcopa or xwinograd templates; their fields match the
/// English tasks). Only original-task templates by default. Languages are the ones given, or the bundled ones.
/// </summary>
public static class MultilingualSuites
{
    public static readonly IReadOnlyList<string> XnliLanguages = ["ar", "en", "es", "fr", "hi", "sw", "ur", "vi", "zh"];
    public static readonly IReadOnlyList<string> XcopaLanguages = ["et", "ht", "id", "it", "qu", "sw", "ta", "th", "tr", "vi", "zh"];
    public static readonly IReadOnlyList<string> XwinogradLanguages = ["en", "fr", "jp", "pt", "ru"];

    public static EvalSuite Xnli(IEnumerable<string>? languages = null) => new("xnli",
        (languages ?? XnliLanguages).Select(l => new EvalTask
        {
            Name = $"xnli_{l}", Label = $"XNLI {l}", Dataset = "xnli", Subset = l, Split = "validation",
            TemplateDataset = "xnli", TemplateSubset = "en",
        }).ToList());

    public static EvalSuite Xcopa(IEnumerable<string>? languages = null) => new("xcopa",
        (languages ?? XcopaLanguages).Select(l => new EvalTask
        {
            Name = $"xcopa_{l}", Label = $"XCOPA {l}", Dataset = "xcopa", Subset = l, Split = "validation",
            TemplateDataset = "super_glue", TemplateSubset = "copa",
        }).ToList());

    public static EvalSuite Xwinograd(IEnumerable<string>? languages = null) => new("xwinograd",
        (languages ?? XwinogradLanguages).Select(l => new EvalTask
        {
            Name = $"xwinograd_{l}", Label = $"XWinograd {l}", Dataset = "xwinograd", Subset = l, Split = "test",
            TemplateDataset = "winogrande", TemplateSubset = "winogrande_xl",
        }).ToList());

    public static EvalSuite All() => new("multilingual", [.. Xnli().Tasks, .. Xcopa().Tasks, .. Xwinograd().Tasks]);
}
