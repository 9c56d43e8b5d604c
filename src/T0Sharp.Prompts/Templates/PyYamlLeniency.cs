using System.Text;
using System.Text.RegularExpressions;

namespace T0Sharp.Prompts.Templates;

/// <summary>
/// Two things PyYAML (which promptsource loads with) accepts and YamlDotNet rejects, both found in hand-edited files of
/// the xP3 promptsource fork: continuation lines of a multi-line double-quoted scalar indented no deeper than their key
/// (their leading spaces are folded away either way, so indenting them does not change the value), and a template id
/// that appears twice in <c>templates</c> (PyYAML keeps the last). <see cref="Repair"/> rewrites the text so that YamlDotNet
/// reads the value PyYAML reads; the reader tries it only after a file fails to parse as written.
/// </summary>
internal static partial class PyYamlLeniency
{
    [GeneratedRegex(@"^(\s*)[^\s#\-""'][^:]*:\s+""")]
    private static partial Regex KeyWithDoubleQuote();

    [GeneratedRegex(@"^  ([^\s:#][^:]*):\s+!Template\s*$")]
    private static partial Regex TemplateKey();

    /// <summary>The repaired text, or null when there was nothing to repair.</summary>
    public static string? Repair(string text)
    {
        var lines = text.Split('\n').ToList();
        bool changed = ReindentQuotedContinuations(lines);
        changed |= DropEarlierDuplicateTemplates(lines);
        return changed ? string.Join('\n', lines) : null;
    }

    static bool ReindentQuotedContinuations(List<string> lines)
    {
        bool changed = false;
        int keyIndent = -1;        // >= 0 while inside a double-quoted scalar that started on an earlier line
        for (int i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            int from;
            if (keyIndent < 0)
            {
                var m = KeyWithDoubleQuote().Match(line);
                if (!m.Success) continue;
                from = m.Length;
                if (Closes(line, from)) continue;
                keyIndent = m.Groups[1].Length;
                continue;
            }
            int indent = line.Length - line.TrimStart(' ').Length;
            if (line.Trim().Length > 0 && indent <= keyIndent)
            {
                lines[i] = new string(' ', keyIndent + 2) + line.TrimStart(' ');
                changed = true;
                line = lines[i];
            }
            if (Closes(line, 0)) keyIndent = -1;
        }
        return changed;
    }

    /// <summary>True when an unescaped '"' occurs in <paramref name="line"/> at or after <paramref name="from"/>.</summary>
    static bool Closes(string line, int from)
    {
        for (int k = from; k < line.Length; k++)
        {
            if (line[k] == '\\') { k++; continue; }
            if (line[k] == '"') return true;
        }
        return false;
    }

    static bool DropEarlierDuplicateTemplates(List<string> lines)
    {
        var blocks = new List<(string Id, int Start, int End)>();
        for (int i = 0; i < lines.Count; i++)
        {
            var m = TemplateKey().Match(lines[i]);
            if (!m.Success) continue;
            int end = i + 1;
            while (end < lines.Count && (lines[end].Trim().Length == 0 || lines[end].StartsWith("   ", StringComparison.Ordinal))) end++;
            blocks.Add((m.Groups[1].Value, i, end));
        }
        var last = blocks.GroupBy(b => b.Id).Where(g => g.Count() > 1).SelectMany(g => g.SkipLast(1)).OrderByDescending(b => b.Start).ToList();
        foreach (var b in last) lines.RemoveRange(b.Start, b.End - b.Start);
        return last.Count > 0;
    }
}
