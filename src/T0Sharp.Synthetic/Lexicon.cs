namespace T0Sharp.Synthetic;

/// <summary>
/// The small closed vocabulary of the synthetic world. Kept compact on purpose: the demo trains a model from
/// scratch on a remapped slice of T5's vocabulary, and every word here costs output-layer compute.
/// </summary>
public static class Lexicon
{
    public static readonly string[] FemaleNames = ["Alice", "Emma", "Mia", "Sara", "Lily", "Nora"];
    public static readonly string[] MaleNames = ["Bob", "Tom", "Jack", "Leo", "Sam", "Ben"];
    public static readonly string[] Names = [.. FemaleNames, .. MaleNames];
    public static readonly string[] Objects = ["ball", "book", "cup", "hat", "kite", "lamp", "pen", "key"];
    public static readonly string[] Containers = ["box", "bag", "drawer", "basket"];
    public static readonly string[] Colors = ["red", "blue", "green", "yellow", "black", "white"];
    public static readonly string[] Places = ["kitchen", "garden", "park", "school", "library", "market", "beach", "office"];
    /// <summary>Animals ordered from smallest to biggest.</summary>
    public static readonly string[] AnimalsBySize = ["ant", "mouse", "cat", "dog", "sheep", "horse", "cow", "elephant"];
    public static readonly string[] Foods = ["apples", "bread", "soup", "cake", "rice", "pizza"];
    public static readonly string[] Positive = ["great", "wonderful", "lovely", "excellent", "amazing", "pleasant", "fantastic", "nice"];
    public static readonly string[] Negative = ["terrible", "awful", "boring", "dreadful", "horrible", "poor", "disappointing", "bad"];
    public static readonly string[] Numbers = ["two", "three", "four", "five", "six", "seven", "eight", "nine"];

    /// <summary>Two different animals as (bigger, smaller).</summary>
    public static (string Big, string Small) PickAnimalPair(SyntheticRandom r)
    {
        var pair = r.PickDistinct(AnimalsBySize, 2);
        return Array.IndexOf(AnimalsBySize, pair[0]) > Array.IndexOf(AnimalsBySize, pair[1]) ? (pair[0], pair[1]) : (pair[1], pair[0]);
    }

    public static bool IsFemale(string name) => Array.IndexOf(FemaleNames, name) >= 0;
    public static string Subject(string name) => IsFemale(name) ? "she" : "he";
    public static string Possessive(string name) => IsFemale(name) ? "her" : "his";
    /// <summary>The independent possessive ("hers", "his").</summary>
    public static string PossessivePronoun(string name) => IsFemale(name) ? "hers" : "his";
    public static string Reflexive(string name) => IsFemale(name) ? "herself" : "himself";
    public static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
