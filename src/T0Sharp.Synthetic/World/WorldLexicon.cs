namespace T0Sharp.Synthetic.World;

/// <summary>
/// The closed vocabulary of the synthetic world. Kept small on purpose: the demo trains a model from scratch on a
/// remapped slice of T5's vocabulary, and every word here costs output-layer compute.
/// </summary>
public static class WorldLexicon
{
    public static readonly string[] FemaleNames = ["Alice", "Emma", "Mia", "Sara", "Lily", "Nora", "Anna", "Kate", "Lucy", "Rose", "Ella", "Grace"];
    public static readonly string[] MaleNames = ["Bob", "Tom", "Jack", "Leo", "Sam", "Ben", "Max", "Dan", "Paul", "Mark", "Carl", "Fred"];
    public static readonly string[] Places = ["kitchen", "garden", "park", "school", "library", "market", "beach", "office", "farm", "forest"];
    public static readonly string[] Pets = ["cat", "dog", "rabbit", "bird", "fish", "hamster"];
    public static readonly string[] Foods = ["soup", "bread", "rice", "cake", "pizza", "salad"];

    /// <summary>Categories and their members; members are split into A (even positions) and B (odd positions).</summary>
    public static readonly (string Category, string[] Members)[] Categories =
    [
        ("fruit", ["apple", "banana", "pear", "grape", "lemon", "cherry"]),
        ("tool", ["hammer", "axe", "drill", "wrench", "shovel", "rake"]),
        ("vehicle", ["car", "bus", "truck", "train", "bike", "boat"]),
        ("instrument", ["piano", "drum", "flute", "guitar", "violin", "harp"]),
        ("farm animal", ["horse", "sheep", "goat", "duck", "pig", "cow"]),
    ];

    /// <summary>
    /// Cause and effect rules; {n} is a person, {p} their subject pronoun. Rules at even positions are A rules
    /// (pretraining and multitask training), at odd positions B rules (pretraining only; held-out evaluation).
    /// </summary>
    public static readonly (string Cause, string Effect)[] Rules =
    [
        ("{n} was hungry", "{p} ate some bread"),
        ("{n} was tired", "{p} went to sleep"),
        ("{n} was cold", "{p} put on a coat"),
        ("{n} was thirsty", "{p} drank some water"),
        ("it started to rain", "{n} opened an umbrella"),
        ("the sun was hot", "{n} sat in the shade"),
        ("it was snowing", "{n} built a snowman"),
        ("the wind was strong", "{n} flew a kite"),
        ("the room was dark", "{n} turned on the lamp"),
        ("the floor was dirty", "{n} cleaned the floor"),
        ("the phone rang", "{n} answered the phone"),
        ("the door was locked", "{n} used a key"),
        ("{n} was sick", "{p} saw a doctor"),
        ("{n} was late", "{p} ran to the bus"),
        ("{n} won the game", "{p} smiled"),
        ("{n} dropped the glass", "{p} swept up the pieces"),
        ("the milk was sour", "{n} threw it away"),
        ("the baby cried", "{n} sang a song"),
        ("the plant was dry", "{n} watered the plant"),
        ("the shop was closed", "{n} went home"),
        ("{n} had a test", "{p} studied all night"),
        ("{n} cut the onion", "{p} had tears in {q} eyes"),
        ("the tank was empty", "{n} filled the tank"),
        ("the music was loud", "{n} covered {q} ears"),
    ];

    public static readonly string[] Positive = ["great", "wonderful", "lovely", "excellent", "amazing", "pleasant"];
    public static readonly string[] Negative = ["terrible", "awful", "boring", "dreadful", "horrible", "poor"];
    public static readonly string[] Reviewed = ["movie", "meal", "trip", "book", "song", "game"];

    /// <summary>"a" or "an" before a word.</summary>
    public static string Article(string word) => "aeiou".Contains(word[0]) ? "an" : "a";
    public static string WithArticle(string word) => Article(word) + " " + word;
    public static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
