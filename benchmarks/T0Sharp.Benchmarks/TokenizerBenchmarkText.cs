using System.Text;
using System.Text.Json;

namespace T0Sharp.Benchmarks;

/// <summary>The fixed benchmark text: string fields of the bundled dataset slices (assets/datasets), in file order.</summary>
public static class TokenizerBenchmarkText
{
    /// <summary>Collects texts (one per string field of at least 8 characters) until <paramref name="maxBytes"/> UTF-8 bytes.</summary>
    public static List<string> Collect(string datasetsDir, long maxBytes)
    {
        var texts = new List<string>();
        long bytes = 0;
        foreach (var file in Directory.EnumerateFiles(datasetsDir, "*.jsonl", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            foreach (var line in File.ReadLines(file))
            {
                if (line.Length == 0) continue;
                using var doc = JsonDocument.Parse(line);
                foreach (var p in doc.RootElement.EnumerateObject())
                {
                    if (p.Value.ValueKind != JsonValueKind.String) continue;
                    var s = p.Value.GetString()!;
                    if (s.Length < 8) continue;
                    texts.Add(s);
                    bytes += Encoding.UTF8.GetByteCount(s);
                    if (bytes >= maxBytes) return texts;
                }
            }
        }
        return texts;
    }

    /// <summary>Writes texts as JSON strings, one per line, for the node reference script.</summary>
    public static void WriteJsonLines(string path, IEnumerable<string> texts) =>
        File.WriteAllLines(path, texts.Select(t => JsonSerializer.Serialize(t)), new UTF8Encoding(false));
}
