using System.Text;

namespace T0Sharp.Data.Tokenization.HuggingFace;

/// <summary>
/// Translates the Oniguruma regex syntax of tokenizer.json patterns into .NET syntax where the two differ.
/// The one difference real tokenizers hit: Oniguruma allows a character class nested in another as a union
/// (BLOOM: <c> ?[^(\s|[.,!?…。，、।۔،])]+</c>), where .NET reads the inner <c>[</c> as a literal and fails on the
/// extra <c>]</c>. Non-negated nested classes are flattened into the outer class; negated nested classes,
/// intersections (<c>&amp;&amp;</c>) and POSIX brackets are rejected rather than guessed.
/// </summary>
public static class OnigurumaPattern
{
    public static string ToDotNet(string pattern)
    {
        var sb = new StringBuilder(pattern.Length);
        var depth = 0;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length) { sb.Append(c).Append(pattern[++i]); continue; }
            if (depth == 0)
            {
                sb.Append(c);
                if (c != '[') continue;
                depth = 1;
                if (i + 1 < pattern.Length && pattern[i + 1] == '^') sb.Append(pattern[++i]);
                if (i + 1 < pattern.Length && pattern[i + 1] == ']') { sb.Append("\\]"); i++; } // leading ] is literal
                continue;
            }
            switch (c)
            {
                case '[':
                    if (i + 1 < pattern.Length && pattern[i + 1] is '^' or ':')
                        throw new NotSupportedException($"regex '{pattern}': nested negated or POSIX character classes have no .NET equivalent");
                    depth++;
                    break;
                case ']':
                    if (--depth == 0) sb.Append(']');
                    break;
                case '&' when i + 1 < pattern.Length && pattern[i + 1] == '&':
                    throw new NotSupportedException($"regex '{pattern}': character class intersection (&&) has no .NET equivalent");
                default:
                    sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }
}
