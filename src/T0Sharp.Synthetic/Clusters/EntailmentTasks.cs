using static T0Sharp.Synthetic.Lexicon;

namespace T0Sharp.Synthetic.Clusters;

/// <summary>Entailment over simple facts (RTE-like). Fields: premise, hypothesis, label (0 entailment, 1 not entailment).</summary>
public static class EntailmentTasks
{
    public static SyntheticCluster Create() => new("entailment", "natural language inference over simple facts", true,
    [
        new("syn_entailment_color", "entailment", r =>
        {
            int label = r.Next(2);
            string name = r.Pick(Names), obj = r.Pick(Objects);
            var (c1, c2) = r.PickTwo(Colors);
            return Fields.Of(("premise", $"{name} has a {c1} {obj}."), ("hypothesis", $"The {obj} that {name} has is {(label == 0 ? c1 : c2)}."), ("label", label));
        }),
        new("syn_entailment_location", "entailment", r =>
        {
            int label = r.Next(2);
            var (a, b) = r.PickTwo(Names);
            var (p1, p2) = r.PickTwo(Places);
            return Fields.Of(("premise", $"{a} is in the {p1} with {b}."), ("hypothesis", $"{b} is in the {(label == 0 ? p1 : p2)}."), ("label", label));
        }),
        new("syn_entailment_count", "entailment", r =>
        {
            int label = r.Next(2);
            int n = 2 + r.Next(6);                       // index into Numbers: the count is n + 2
            int m = label == 0 ? r.Next(n) : n + r.Next(Numbers.Length - n);
            string name = r.Pick(Names), obj = r.Pick(Objects);
            return Fields.Of(("premise", $"{name} has {Numbers[n]} {obj}s."), ("hypothesis", $"{name} has more than {Numbers[m]} {obj}s."), ("label", label));
        }),
        new("syn_entailment_transfer", "entailment", r =>
        {
            int label = r.Next(2);
            var (a, b) = r.PickTwo(Names);
            string obj = r.Pick(Objects);
            return Fields.Of(("premise", $"{a} gave the {obj} to {b}."), ("hypothesis", label == 0 ? $"{b} has the {obj} now." : $"{a} still has the {obj}."), ("label", label));
        }),
        new("syn_entailment_size", "entailment", r =>
        {
            int label = r.Next(2);
            var (big, small) = PickAnimalPair(r);
            return Fields.Of(("premise", $"The {big} is bigger than the {small}."), ("hypothesis", label == 0 ? $"The {small} is smaller than the {big}." : $"The {big} is smaller than the {small}."), ("label", label));
        }),
    ]);
}
