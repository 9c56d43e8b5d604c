using static T0Sharp.Synthetic.Lexicon;

namespace T0Sharp.Synthetic.Clusters;

/// <summary>Paraphrase detection (MRPC-like). Fields: sentence1, sentence2, label (0 different meaning, 1 same meaning).</summary>
public static class ParaphraseTasks
{
    public static SyntheticCluster Create() => new("paraphrase", "paraphrase detection", true,
    [
        new("syn_paraphrase_transfer", "paraphrase", r =>
        {
            int label = r.Next(2);
            var (a, b) = r.PickTwo(Names);
            string obj = r.Pick(Objects);
            return Fields.Of(("sentence1", $"{a} gave {b} the {obj}."), ("sentence2", label == 1 ? $"{b} got the {obj} from {a}." : $"{a} got the {obj} from {b}."), ("label", label));
        }),
        new("syn_paraphrase_location", "paraphrase", r =>
        {
            int label = r.Next(2);
            string obj = r.Pick(Objects);
            var (p1, p2) = r.PickTwo(Places);
            return Fields.Of(("sentence1", $"The {obj} is in the {p1}."), ("sentence2", $"The {(label == 1 ? p1 : p2)} has the {obj} in it."), ("label", label));
        }),
        new("syn_paraphrase_size", "paraphrase", r =>
        {
            int label = r.Next(2);
            var (big, small) = PickAnimalPair(r);
            return Fields.Of(("sentence1", $"The {big} is bigger than the {small}."), ("sentence2", label == 1 ? $"The {small} is smaller than the {big}." : $"The {small} is bigger than the {big}."), ("label", label));
        }),
        new("syn_paraphrase_passive", "paraphrase", r =>
        {
            int label = r.Next(2);
            var (a, b) = r.PickTwo(Names);
            return Fields.Of(("sentence1", $"{a} helped {b}."), ("sentence2", label == 1 ? $"{b} was helped by {a}." : $"{a} was helped by {b}."), ("label", label));
        }),
        new("syn_paraphrase_color", "paraphrase", r =>
        {
            int label = r.Next(2);
            string name = r.Pick(Names), obj = r.Pick(Objects);
            var (c1, c2) = r.PickTwo(Colors);
            return Fields.Of(("sentence1", $"{name} has a {c1} {obj}."), ("sentence2", $"The {obj} that {name} has is {(label == 1 ? c1 : c2)}."), ("label", label));
        }),
    ]);
}
