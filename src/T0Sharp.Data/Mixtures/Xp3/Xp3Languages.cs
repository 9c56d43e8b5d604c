namespace T0Sharp.Data.Mixtures.Xp3;

/// <summary>
/// English names of BLOOM's 46 natural languages (and their spellings in xP3's dataset configs, e.g. tydiqa's
/// "arabic", xlsum's "chinese_simplified") mapped to xP3's language folders (ISO 639-1, or 639-3 where there is none).
/// </summary>
public static class Xp3Languages
{
    static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["english"] = "en", ["spanish"] = "es", ["castilian"] = "es", ["portuguese"] = "pt", ["french"] = "fr", ["arabic"] = "ar",
        ["indonesian"] = "id", ["chinese"] = "zh", ["chinese_simplified"] = "zh", ["chinese_traditional"] = "zh", ["hindi"] = "hi",
        ["vietnamese"] = "vi", ["urdu"] = "ur", ["telugu"] = "te", ["tamil"] = "ta", ["bengali"] = "bn", ["bangla"] = "bn",
        ["marathi"] = "mr", ["swahili"] = "sw", ["kiswahili"] = "sw", ["gujarati"] = "gu", ["punjabi"] = "pa", ["panjabi"] = "pa",
        ["nepali"] = "ne", ["yoruba"] = "yo", ["igbo"] = "ig", ["chichewa"] = "ny", ["nyanja"] = "ny", ["zulu"] = "zu",
        ["xhosa"] = "xh", ["shona"] = "sn", ["tsonga"] = "ts", ["kinyarwanda"] = "rw", ["luganda"] = "lg", ["ganda"] = "lg",
        ["tswana"] = "tn", ["setswana"] = "tn", ["northern sotho"] = "nso", ["sepedi"] = "nso", ["kirundi"] = "rn", ["rundi"] = "rn",
        ["malayalam"] = "ml", ["kannada"] = "kn", ["odia"] = "or", ["oriya"] = "or", ["assamese"] = "as", ["lingala"] = "ln",
        ["wolof"] = "wo", ["tumbuka"] = "tum", ["kikuyu"] = "ki", ["sesotho"] = "st", ["southern sotho"] = "st", ["fon"] = "fon",
        ["catalan"] = "ca", ["basque"] = "eu", ["akan"] = "ak", ["bambara"] = "bm", ["twi"] = "tw",
    };

    /// <summary>The folder code of a lower-case language name, or null.</summary>
    public static string? CodeOf(string name) => Names.TryGetValue(name, out var c) ? c : null;
}
