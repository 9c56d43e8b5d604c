using static T0Sharp.Synthetic.World.WorldLexicon;

namespace T0Sharp.Synthetic.World;

/// <summary>
/// The pretraining text of the world: short documents that state every fact (A and B halves alike) in several
/// surface forms and orders, so that facts can later be recalled through questions (Allen-Zhu and Li: knowledge
/// written in one form only is not extractable). Person facts, category membership, cause and effect narratives
/// (both orders, several connectives), two-person stories whose pronouns follow gender, and opinions. No questions,
/// no instructions, none of the held-out templates' wording (a leak-guard test checks).
/// </summary>
public static class WorldCorpus
{
    /// <summary><paramref name="count"/> documents; the same (world, count, seed) gives the same documents.</summary>
    public static IEnumerable<string> Documents(SyntheticWorld world, int count, long seed)
    {
        var r = SyntheticRandom.For(seed, "corpus");
        for (int i = 0; i < count; i++)
        {
            int kind = i % 5;
            yield return kind switch
            {
                0 => Biography(r, world),
                1 => CategoryText(r, world),
                2 => Narrative(r, world),
                3 => Story(r, world),
                _ => Mixed(r, world),
            };
        }
    }

    /// <summary>A person's facts, each in one of several forms, in random order; later sentences use the pronoun.</summary>
    static string Biography(SyntheticRandom r, SyntheticWorld w)
    {
        var p = r.Pick(w.People);
        var facts = r.PickDistinct([0, 1, 2], 2 + r.Next(2));
        var sentences = facts.Select((f, k) => FactSentence(r, p, f, k > 0)).ToList();
        return string.Join(" ", sentences);
    }

    /// <summary>One fact about a person in a random surface form (the paraphrase task type draws from the same forms).</summary>
    public static string FactSentence(SyntheticRandom r, Person p, int fact, bool pronoun)
    {
        string n = pronoun ? Capitalize(p.Subject) : p.Name;
        string poss = pronoun ? Capitalize(p.Possessive) : p.Name + "'s";
        return fact switch
        {
            0 => r.Next(3) switch
            {
                0 => $"{n} lives in the {p.Home}.",
                1 => $"{poss} home is in the {p.Home}.",
                _ => $"{n} has a house in the {p.Home}.",
            },
            1 => r.Next(3) switch
            {
                0 => $"{n} has a {p.Pet}.",
                1 => $"{poss} pet is a {p.Pet}.",
                _ => $"{n} takes care of a {p.Pet}.",
            },
            _ => r.Next(3) switch
            {
                0 => $"{n} likes {p.Food}.",
                1 => $"{poss} favourite food is {p.Food}.",
                _ => $"{n} enjoys eating {p.Food}.",
            },
        };
    }

    static string CategoryText(SyntheticRandom r, SyntheticWorld w)
    {
        var things = r.PickDistinct(w.Things, 2);
        return string.Join(" ", things.Select(t => r.Next(4) switch
        {
            0 => $"{Capitalize(WithArticle(t.Name))} is {WithArticle(t.Category)}.",
            1 => $"The {t.Name} is a kind of {t.Category}.",
            2 => $"{r.Pick(w.People).Name} bought {WithArticle(t.Name)}, which is {WithArticle(t.Category)}.",
            _ => $"Every {t.Name} is {WithArticle(t.Category)}.",
        }));
    }

    /// <summary>A cause and its effect, in either order, with one of several connectives.</summary>
    static string Narrative(SyntheticRandom r, SyntheticWorld w)
    {
        var rule = r.Pick(w.Rules);
        var p = r.Pick(w.People);
        string c = rule.CauseOf(p), e = rule.EffectOf(p);
        return r.Next(4) switch
        {
            0 => $"{Capitalize(c)}, so {e}.",
            1 => $"Because {c}, {e}.",
            2 => $"{Capitalize(e)} because {c}.",
            _ => $"{Capitalize(c)}. Then {e}.",
        };
    }

    /// <summary>Two people of different gender; the pronouns can only be read through the names' gender.</summary>
    static string Story(SyntheticRandom r, SyntheticWorld w)
    {
        var f = r.Pick(w.People.Where(p => p.Female).ToList());
        var m = r.Pick(w.People.Where(p => !p.Female).ToList());
        var (x, y) = r.Coin() ? (f, m) : (m, f);
        var thing = r.Pick(w.Things);
        // Either person may be named next: when the story always went on with "Y thanked X", the name after the
        // pronoun sentence was always the receiver's, a cue a language model could carry into pronoun questions.
        string then = r.Coin() ? $"{y.Name} thanked {x.Object}, and {y.Subject} smiled." : $"{x.Name} was glad, and {x.Subject} smiled at {y.Object}.";
        return $"{x.Name} visited {y.Name} at the {r.Pick(Places)}. {Capitalize(x.Subject)} gave {y.Object} {WithArticle(thing.Name)}. {then}";
    }

    static string Mixed(SyntheticRandom r, SyntheticWorld w)
    {
        var p = r.Pick(w.People);
        bool good = r.Coin();
        string opinion = $"{p.Name} thought the {r.Pick(Reviewed)} was {r.Pick(good ? Positive : Negative)}.";
        return r.Coin() ? $"{opinion} {FactSentence(r, p, r.Next(3), true)}" : $"{Narrative(r, w)} {opinion}";
    }
}
