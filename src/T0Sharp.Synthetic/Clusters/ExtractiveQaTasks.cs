using static T0Sharp.Synthetic.Lexicon;

namespace T0Sharp.Synthetic.Clusters;

/// <summary>Extractive question answering (generative: the target is a span of the context). Fields: context, question, answer.</summary>
public static class ExtractiveQaTasks
{
    public static SyntheticCluster Create() => new("extractive_qa", "extractive question answering", false,
    [
        new("syn_extractive_qa_where", "extractive_qa", r =>
        {
            string name = r.Pick(Names), obj = r.Pick(Objects), place = r.Pick(Places);
            return Fields.Of(("context", $"{name} put the {obj} in the {place}. Then {Subject(name)} went home."), ("question", $"Where did {name} put the {obj}?"), ("answer", place));
        }),
        new("syn_extractive_qa_color", "extractive_qa", r =>
        {
            string obj = r.Pick(Objects), color = r.Pick(Colors);
            return Fields.Of(("context", $"The {obj} on the table is {color}. It belongs to {r.Pick(Names)}."), ("question", $"What color is the {obj}?"), ("answer", color));
        }),
        new("syn_extractive_qa_owner", "extractive_qa", r =>
        {
            string obj = r.Pick(Objects), color = r.Pick(Colors), name = r.Pick(Names);
            return Fields.Of(("context", $"The {color} {obj} belongs to {name}. {Capitalize(Subject(name))} keeps it in the {r.Pick(Places)}."), ("question", $"Who owns the {color} {obj}?"), ("answer", name));
        }),
        new("syn_extractive_qa_time", "extractive_qa", r =>
        {
            string name = r.Pick(Names), when = $"{r.Pick(Numbers)} o'clock";
            return Fields.Of(("context", $"{name} arrives at the {r.Pick(Places)} at {when}."), ("question", $"When does {name} arrive?"), ("answer", when));
        }),
        new("syn_extractive_qa_food", "extractive_qa", r =>
        {
            string name = r.Pick(Names);
            var (f1, f2) = r.PickTwo(Foods);
            return Fields.Of(("context", $"For lunch {name} had {f1}, and later {Subject(name)} had {f2}."), ("question", $"What did {name} have for lunch?"), ("answer", f1));
        }),
    ]);
}
