using static T0Sharp.Synthetic.World.WorldLexicon;

namespace T0Sharp.Synthetic.World;

/// <summary>A person of the world with the facts the pretraining text states about them.</summary>
public sealed record Person(string Name, bool Female, string Home, string Pet, string Food, bool InA)
{
    public string Subject => Female ? "she" : "he";
    public string Object => Female ? "her" : "him";
    public string Possessive => Female ? "her" : "his";
}

/// <summary>A member of a category ("a drill is a tool").</summary>
public sealed record Thing(string Name, string Category, bool InA);

/// <summary>A cause and effect rule, instantiated with a person.</summary>
public sealed record Rule(string Cause, string Effect, bool InA)
{
    public string CauseOf(Person p) => Fill(Cause, p);
    public string EffectOf(Person p) => Fill(Effect, p);
    static string Fill(string s, Person p) => s.Replace("{n}", p.Name).Replace("{p}", p.Subject).Replace("{q}", p.Possessive);
}

/// <summary>
/// The synthetic world: people (half "she", half "he") with a home, a pet and a favourite food; things in five
/// categories; cause and effect rules. Every fact appears in the pretraining text. Facts are split in two halves:
/// multitask training uses only A facts (A people, A category members, A rules), held-out evaluation only B facts,
/// so held-out success needs what pretraining taught, not what multitask training showed. Deterministic per seed.
/// </summary>
public sealed class SyntheticWorld
{
    public IReadOnlyList<Person> People { get; }
    public IReadOnlyList<Thing> Things { get; }
    public IReadOnlyList<Rule> Rules { get; }

    public SyntheticWorld(long seed)
    {
        var r = SyntheticRandom.For(seed, "world");
        var people = new List<Person>();
        for (int i = 0; i < FemaleNames.Length; i++)
        {
            people.Add(NewPerson(r, FemaleNames[i], true, i % 2 == 0));
            people.Add(NewPerson(r, MaleNames[i], false, i % 2 == 0));
        }
        People = people;
        Things = Categories.SelectMany(c => c.Members.Select((m, i) => new Thing(m, c.Category, i % 2 == 0))).ToList();
        Rules = WorldLexicon.Rules.Select((rule, i) => new Rule(rule.Cause, rule.Effect, i % 2 == 0)).ToList();
    }

    static Person NewPerson(SyntheticRandom r, string name, bool female, bool inA) =>
        new(name, female, r.Pick(Places), r.Pick(Pets), r.Pick(Foods), inA);

    /// <summary>The facts of one half: A (multitask training) or B (held-out evaluation).</summary>
    public WorldHalf Half(bool a) => new(People.Where(p => p.InA == a).ToList(), Things.Where(t => t.InA == a).ToList(),
        Rules.Where(x => x.InA == a).ToList());

    public WorldHalf A => Half(true);
    public WorldHalf B => Half(false);
}

/// <summary>The people, things and rules of one half of the world.</summary>
public sealed record WorldHalf(IReadOnlyList<Person> People, IReadOnlyList<Thing> Things, IReadOnlyList<Rule> Rules)
{
    /// <summary>Two people of different gender, in random order.</summary>
    public (Person, Person) CrossGenderPair(SyntheticRandom r)
    {
        var f = r.Pick(People.Where(p => p.Female).ToList());
        var m = r.Pick(People.Where(p => !p.Female).ToList());
        return r.Coin() ? (f, m) : (m, f);
    }
}
