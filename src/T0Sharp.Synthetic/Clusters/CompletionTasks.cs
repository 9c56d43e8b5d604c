using static T0Sharp.Synthetic.Lexicon;

namespace T0Sharp.Synthetic.Clusters;

/// <summary>Sentence completion (COPA-like): pick the plausible continuation. Fields: premise, choice1, choice2, label.</summary>
public static class CompletionTasks
{
    // (premise, plausible ending, implausible ending); {n} = a name, {s} = its subject pronoun.
    static readonly (string, string, string)[] Feelings =
    [
        ("{n} was very hungry, so", "{s} ate some bread.", "{s} went to sleep."),
        ("{n} was very tired, so", "{s} went to sleep.", "{s} ran to the park."),
        ("{n} was very cold, so", "{s} put on a coat.", "{s} opened the window."),
        ("{n} was very sad, so", "{s} called a friend.", "{s} laughed all day."),
    ];
    static readonly (string, string, string)[] Weather =
    [
        ("It started to rain, so", "{n} opened an umbrella.", "{n} put on sunglasses."),
        ("The sun was very hot, so", "{n} sat in the shade.", "{n} put on a coat."),
        ("It was snowing, so", "{n} built a snowman.", "{n} went swimming."),
        ("The wind was strong, so", "{n} flew a kite.", "{n} watered the garden."),
    ];
    static readonly (string, string, string)[] ObjectsTable =
    [
        ("The cup fell on the floor, so", "it broke.", "it grew."),
        ("The lamp was turned on, so", "the room was bright.", "the room was dark."),
        ("The pen ran out of ink, so", "{n} got a new pen.", "{n} drank the ink."),
        ("The door was locked, so", "{n} used a key.", "{n} ate the key."),
    ];
    static readonly (string, string, string)[] Animals =
    [
        ("The dog saw a cat, so", "it barked.", "it laid an egg."),
        ("The cat was hungry, so", "it ate some fish.", "it read a book."),
        ("The horse was thirsty, so", "it drank some water.", "it went to school."),
        ("The mouse saw the cat, so", "it ran away.", "it sang a song."),
    ];
    static readonly (string, string, string)[] Time =
    [
        ("It was late at night, so", "{n} went to bed.", "{n} ate breakfast."),
        ("It was early in the morning, so", "{n} ate breakfast.", "{n} went to bed."),
        ("It was time for lunch, so", "{n} made some soup.", "{n} went to bed."),
        ("The school day was over, so", "{n} went home.", "{n} went to school."),
    ];

    static SyntheticTask Task(string name, (string, string, string)[] table) => new(name, "completion", r =>
    {
        var (premise, good, bad) = r.Pick(table);
        string n = r.Pick(Names);
        string Fill(string s) => Capitalize(s.Replace("{n}", n).Replace("{s}", Subject(n)));
        int label = r.Next(2);
        var (c1, c2) = label == 0 ? (Fill(good), Fill(bad)) : (Fill(bad), Fill(good));
        string p = premise.Replace("{n}", n);
        return Fields.Of(("premise", p), ("choice1", c1), ("choice2", c2), ("label", label));
    });

    public static SyntheticCluster Create() => new("completion", "sentence completion", true,
    [
        Task("syn_completion_feelings", Feelings),
        Task("syn_completion_weather", Weather),
        Task("syn_completion_objects", ObjectsTable),
        Task("syn_completion_animals", Animals),
        Task("syn_completion_time", Time),
    ]);
}
