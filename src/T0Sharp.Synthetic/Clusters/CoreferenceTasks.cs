using static T0Sharp.Synthetic.Lexicon;

namespace T0Sharp.Synthetic.Clusters;

/// <summary>Pronoun resolution (WSC-like). Fields: sentence, pronoun, option1, option2, label (0 option1, 1 option2).</summary>
public static class CoreferenceTasks
{
    public static SyntheticCluster Create() => new("coreference", "pronoun resolution", true,
    [
        new("syn_coreference_subject", "coreference", r =>
        {
            string f = r.Pick(FemaleNames), m = r.Pick(MaleNames);
            var (o1, o2) = r.Coin() ? (f, m) : (m, f);
            string target = r.Coin() ? f : m;
            return Fields.Of(("sentence", $"{o1} met {o2} at the {r.Pick(Places)} because {Subject(target)} needed help."),
                ("pronoun", Subject(target)), ("option1", o1), ("option2", o2), ("label", target == o1 ? 0 : 1));
        }),
        new("syn_coreference_possessive", "coreference", r =>
        {
            string f = r.Pick(FemaleNames), m = r.Pick(MaleNames);
            var (o1, o2) = r.Coin() ? (f, m) : (m, f);
            string target = r.Coin() ? f : m;
            return Fields.Of(("sentence", $"{o1} borrowed a {r.Pick(Objects)} from {o2} because {PossessivePronoun(target)} was broken."),
                ("pronoun", PossessivePronoun(target)), ("option1", o1), ("option2", o2), ("label", target == o1 ? 0 : 1));
        }),
        new("syn_coreference_animate", "coreference", r =>
        {
            string animal = r.Pick(AnimalsBySize), obj = r.Pick(Objects);
            bool aboutAnimal = r.Coin();
            string reason = aboutAnimal ? r.Pick(new[] { "hungry", "tired", "playful" }) : r.Pick(new[] { "broken", "dirty", "new" });
            var (o1, o2) = r.Coin() ? ($"the {animal}", $"the {obj}") : ($"the {obj}", $"the {animal}");
            string target = aboutAnimal ? $"the {animal}" : $"the {obj}";
            return Fields.Of(("sentence", $"The {animal} looked at the {obj} because it was {reason}."),
                ("pronoun", "it"), ("option1", o1), ("option2", o2), ("label", target == o1 ? 0 : 1));
        }),
        new("syn_coreference_fit", "coreference", r =>
        {
            string obj = r.Pick(Objects), box = r.Pick(Containers);
            bool big = r.Coin();
            var (o1, o2) = r.Coin() ? ($"the {obj}", $"the {box}") : ($"the {box}", $"the {obj}");
            string target = big ? $"the {obj}" : $"the {box}";
            return Fields.Of(("sentence", $"The {obj} did not fit in the {box} because it was too {(big ? "big" : "small")}."),
                ("pronoun", "it"), ("option1", o1), ("option2", o2), ("label", target == o1 ? 0 : 1));
        }),
        new("syn_coreference_reflexive", "coreference", r =>
        {
            string f = r.Pick(FemaleNames), m = r.Pick(MaleNames);
            var (speaker, listener) = r.Coin() ? (f, m) : (m, f);
            string target = r.Coin() ? f : m;
            var (o1, o2) = r.Coin() ? (speaker, listener) : (listener, speaker);
            return Fields.Of(("sentence", $"{speaker} told {listener} a story about {Reflexive(target)}."),
                ("pronoun", Reflexive(target)), ("option1", o1), ("option2", o2), ("label", target == o1 ? 0 : 1));
        }),
    ]);
}
