using T0Sharp.Data.Tasks.FewShot;

namespace T0Sharp.Data.Tasks.Flan;

/// <summary>
/// A file of FLAN-style templates for one dataset (YAML):
/// <code>
/// dataset: super_glue
/// subset: rte                    # optional
/// options: ["yes", "no"]         # fixed options, or options_field: a list field of each row
/// answer: label                  # the field holding the answer (an int indexes the options)
/// templates:
///   - name: rte_0
///     input: "{premise}\n\nDoes it follow that \"{hypothesis}\"?\n\n{options_}"
///     target: "{answer}"
///     # optional few-shot formatting (FLAN's FewShotPattern): inputs_prefix, targets_prefix,
///     # x_y_delimiter, example_separator, final_suffix
/// </code>
/// Unknown keys are errors naming the line.
/// </summary>
public sealed record FlanTemplateFile(string Path, string Dataset, string? Subset, IReadOnlyList<FlanTemplate> Templates)
{
    static readonly string[] TopKeys = ["dataset", "subset", "options", "options_field", "answer", "templates"];
    static readonly string[] TemplateKeys = ["name", "input", "target", "original_task", "inputs_prefix", "targets_prefix", "x_y_delimiter", "example_separator", "final_suffix"];

    public static FlanTemplateFile Load(string path)
    {
        var y = YamlMap.Load(path);
        var dataset = y.RequiredString("dataset");
        var subset = y.String("subset");
        var spec = new FlanAnswerSpec(y.Strings("options"), y.String("options_field"), y.String("answer"));
        var templates = new List<FlanTemplate>();
        foreach (var t in y.Maps("templates"))
        {
            var name = t.RequiredString("name");
            var d = FewShotFormat.Flan;
            var format = new FewShotFormat(t.String("inputs_prefix") ?? d.InputsPrefix, t.String("targets_prefix") ?? d.TargetsPrefix,
                t.String("x_y_delimiter") ?? d.XYDelimiter, t.String("example_separator") ?? d.ExampleSeparator, t.String("final_suffix") ?? d.FinalSuffix);
            var template = new FlanTemplate(name, t.RequiredString("input"), t.RequiredString("target"), spec, format, t.Bool("original_task") ?? true);
            t.RejectUnknown(TemplateKeys);
            foreach (var field in FlanFormat.Names(template.Input).Concat(FlanFormat.Names(template.Target)))
            {
                if (field is "options" or "options_" && spec.Options == null && spec.OptionsField == null)
                    throw y.Error(null, $"template '{name}' uses {{{field}}} but the file defines neither 'options' nor 'options_field'");
                if (field == "answer" && spec.AnswerField == null)
                    throw y.Error(null, $"template '{name}' uses {{answer}} but the file has no 'answer' field");
            }
            if (templates.Any(x => x.Name == name)) throw y.Error(null, $"template name '{name}' appears twice");
            templates.Add(template);
        }
        y.RejectUnknown(TopKeys);
        if (templates.Count == 0) throw y.Error(null, "no templates");
        return new FlanTemplateFile(path, dataset, string.IsNullOrEmpty(subset) ? null : subset, templates);
    }
}
