using T0Sharp.Synthetic.World;
using static T0Sharp.Synthetic.World.WorldLexicon;

namespace T0Sharp.Synthetic.TaskTypes;

/// <summary>
/// The held-out task types (T0's NLI, coreference and sentence completion), all over the B half of the world:
/// B people, B category members and B rules appear in pretraining text only, so a correct answer needs recall
/// from pretraining plus a skill that training task types share. Labels and option orders are balanced.
/// </summary>
public static class HeldOutTaskTypes
{
    /// <summary>
    /// Yes/no inference. Subtypes: a paraphrase of the premise (yes) or the same form with another place (no);
    /// category membership of a B thing (yes for its category, no for another); where a B person went when they
    /// went home (yes for their home, no for another place; needs the person's home from pretraining).
    /// label: 1 entailed, 0 not entailed.
    /// </summary>
    public static SyntheticTask Nli { get; } = new("syn_nli", "nli", true, true, (w, r) =>
    {
        var p = r.Pick(w.People);
        int label = r.Next(2);
        string premise, hypothesis;
        switch (r.Next(3))
        {
            case 0:
                premise = $"{p.Name} lives in the {p.Home}.";
                hypothesis = $"{p.Name}'s home is in the {(label == 1 ? p.Home : Other(r, Places, p.Home))}.";
                break;
            case 1:
                var t = r.Pick(w.Things);
                var category = label == 1 ? t.Category : Other(r, Categories.Select(c => c.Category).ToArray(), t.Category);
                premise = $"{p.Name} found {WithArticle(t.Name)} near the {r.Pick(Places)}.";
                hypothesis = $"{p.Name} found {WithArticle(category)}.";
                break;
            default:
                premise = $"In the evening {p.Name} went home.";
                hypothesis = $"{p.Name} went to the {(label == 1 ? p.Home : Other(r, Places, p.Home))}.";
                break;
        }
        return Fields.Of(("premise", premise), ("hypothesis", hypothesis), ("label", label));
    });

    /// <summary>
    /// Which of two people (one "she", one "he", both B people) the sentence's one pronoun stands for: resolved by
    /// agreement with the names' gender, which the pretraining text gives. The sentence holds no other pronoun; an
    /// object pronoun ("she handed him ...") made the item also ask which of two pronouns the question quotes, and
    /// models then resolved giver or receiver at random per training run (docs/demo.md). Half the referents are
    /// "she": with 57% of them, a model that prefers female names scored 58% with blank input.
    /// </summary>
    public static SyntheticTask Coreference { get; } = new("syn_coreference", "coreference", true, true, (w, r) =>
    {
        var (x, y) = w.CrossGenderPair(r);
        var thing = r.Pick(w.Things);
        bool pronounIsX = r.Coin();
        var target = pronounIsX ? x : y;
        string sentence = $"{x.Name} and {y.Name} were at the {r.Pick(Places)}, and {target.Subject} found {WithArticle(thing.Name)}.";
        var (o1, o2) = r.Coin() ? (x.Name, y.Name) : (y.Name, x.Name);
        return Fields.Of(("sentence", sentence), ("pronoun", target.Subject), ("option1", o1), ("option2", o2),
            ("label", target.Name == o1 ? 0 : 1));
    }) { Stratum = e => (string)e["pronoun"]! == "she" ? 1 : 0 };

    /// <summary>COPA-style: the effect (or cause) of a premise among two, both from B rules with the same person.</summary>
    public static SyntheticTask Completion { get; } = new("syn_completion", "completion", true, true, (w, r) =>
    {
        var (rule, wrong) = r.PickTwo(w.Rules);
        var p = r.Pick(w.People);
        bool askEffect = r.Coin();
        string premise = Capitalize(askEffect ? rule.CauseOf(p) : rule.EffectOf(p)) + ".";
        string right = Capitalize(askEffect ? rule.EffectOf(p) : rule.CauseOf(p)) + ".";
        string distractor = Capitalize(askEffect ? wrong.EffectOf(p) : wrong.CauseOf(p)) + ".";
        int label = r.Next(2);
        var (c1, c2) = label == 0 ? (right, distractor) : (distractor, right);
        return Fields.Of(("premise", premise), ("question", askEffect ? "effect" : "cause"), ("choice1", c1), ("choice2", c2), ("label", label));
    });

    public static IReadOnlyList<SyntheticTask> All { get; } = [Nli, Coreference, Completion];

    static string Other(SyntheticRandom r, string[] values, string not)
    {
        string v;
        do v = r.Pick(values); while (v == not);
        return v;
    }
}
