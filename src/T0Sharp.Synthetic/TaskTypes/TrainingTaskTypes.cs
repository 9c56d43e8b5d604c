using T0Sharp.Synthetic.World;
using static T0Sharp.Synthetic.World.WorldLexicon;

namespace T0Sharp.Synthetic.TaskTypes;

/// <summary>
/// The task types multitask training uses, all over the A half of the world. Each shares a skill or an answer
/// space with a held-out type without its format: paraphrase detection (yes/no; NLI's analogue, as paraphrase
/// identification was for T0), extractive QA over two-person stories with pronouns (Quoref's role for coreference),
/// cause and effect generation (COPA's skill, generative), closed-book QA over person facts and topic classification
/// (recall of pretraining facts through questions), and sentiment (unrelated to every held-out type).
/// </summary>
public static class TrainingTaskTypes
{
    public static SyntheticTask Paraphrase { get; } = new("syn_paraphrase", "paraphrase", false, true, (w, r) =>
    {
        var p = r.Pick(w.People);
        int fact = r.Next(3), label = r.Next(2);
        string s1 = WorldCorpus.FactSentence(r, p, fact, false);
        // Different meaning: the same form family with another value, or another person of the same gender.
        var others = w.People.Where(q => q.Female == p.Female && q.Name != p.Name && FactValue(q, fact) != FactValue(p, fact)).ToList();
        var other = label == 1 ? p : r.Coin() || others.Count == 0
            ? p with { Home = Other(r, Places, p.Home), Pet = Other(r, Pets, p.Pet), Food = Other(r, Foods, p.Food) }
            : r.Pick(others);
        string s2;
        do s2 = WorldCorpus.FactSentence(r, other, fact, false); while (s2 == s1);
        return Fields.Of(("sentence1", s1), ("sentence2", s2), ("label", label));
    });

    public static SyntheticTask Sentiment { get; } = new("syn_sentiment", "sentiment", false, true, (w, r) =>
    {
        int label = r.Next(2);
        var p = r.Pick(w.People);
        string adj = r.Pick(label == 1 ? Positive : Negative), what = r.Pick(Reviewed);
        string text = r.Next(3) switch
        {
            0 => $"{p.Name} said the {what} was {adj}.",
            1 => $"The {what} was {adj}, and {p.Name} told everyone.",
            _ => $"After the {what}, {p.Name} wrote: it was {adj}.",
        };
        return Fields.Of(("text", text), ("label", label));
    });

    /// <summary>Category of a thing (answer choices: the five categories).</summary>
    public static SyntheticTask Topic { get; } = new("syn_topic", "topic", false, true, (w, r) =>
    {
        var t = r.Pick(w.Things);
        var p = r.Pick(w.People);
        var categories = Categories.Select(c => c.Category).ToList();
        return Fields.Of(("sentence", $"{p.Name} bought {WithArticle(t.Name)}."), ("thing", t.Name),
            ("categories", categories.Cast<object?>().ToList()), ("label", categories.IndexOf(t.Category)));
    });

    /// <summary>
    /// Two-person stories with pronouns; who did what. Either person may be the one who shows, so only the pronoun
    /// (through the names' gender) tells who did it: the position of a name in the story gives nothing away.
    /// </summary>
    public static SyntheticTask ExtractiveQa { get; } = new("syn_extractive_qa", "extractive_qa", false, true, (w, r) =>
    {
        var (x, y) = w.CrossGenderPair(r);
        var thing = r.Pick(w.Things);
        string place = r.Pick(Places);
        var (shower, shown) = r.Coin() ? (x, y) : (y, x);
        string context = $"{x.Name} met {y.Name} in the {place}. {Capitalize(shower.Subject)} showed {shown.Object} {WithArticle(thing.Name)}.";
        bool askShower = r.Coin();
        string question = askShower ? $"Who showed the {thing.Name}?" : $"Who was shown the {thing.Name}?";
        var answer = askShower ? shower : shown;
        var options = r.Coin() ? new[] { x.Name, y.Name } : [y.Name, x.Name];
        return Fields.Of(("context", context), ("question", question), ("options", options.Cast<object?>().ToList()),
            ("label", Array.IndexOf(options, answer.Name)), ("answer", answer.Name));
    });

    /// <summary>Recall of a person's home, pet or food from pretraining (no context).</summary>
    public static SyntheticTask ClosedBookQa { get; } = new("syn_closed_book_qa", "closed_book_qa", false, true, (w, r) =>
    {
        var p = r.Pick(w.People);
        int fact = r.Next(3);
        var (question, options) = fact switch
        {
            0 => ($"Where does {p.Name} live?", Places),
            1 => ($"What pet does {p.Name} have?", Pets),
            _ => ($"What food does {p.Name} like?", Foods),
        };
        string answer = FactValue(p, fact);
        return Fields.Of(("question", question), ("options", options.Cast<object?>().ToList()),
            ("label", Array.IndexOf(options, answer)), ("answer", answer));
    });

    /// <summary>Generate the effect of a cause, or the cause of an effect (A rules).</summary>
    public static SyntheticTask CauseEffect { get; } = new("syn_cause_effect", "cause_effect", false, false, (w, r) =>
    {
        var rule = r.Pick(w.Rules);
        var p = r.Pick(w.People);
        return Fields.Of(("cause", Capitalize(rule.CauseOf(p)) + "."), ("effect", Capitalize(rule.EffectOf(p)) + "."),
            ("direction", r.Coin() ? "effect" : "cause"));
    });

    public static IReadOnlyList<SyntheticTask> All { get; } = [Paraphrase, Sentiment, Topic, ExtractiveQa, ClosedBookQa, CauseEffect];

    internal static string FactValue(Person p, int fact) => fact switch { 0 => p.Home, 1 => p.Pet, _ => p.Food };

    static string Other(SyntheticRandom r, string[] values, string not)
    {
        string v;
        do v = r.Pick(values); while (v == not);
        return v;
    }
}
