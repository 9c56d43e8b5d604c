using T0Sharp.Core;
using System.Security.Cryptography;
using System.Text;
using T0Sharp.Data.Cache;
using T0Sharp.Data.Mixtures;
using T0Sharp.Data.Sources;
using T0Sharp.Data.Tasks;
using T0Sharp.Data.Tokenization;

namespace T0Sharp.Retrieval.Pool;

/// <summary>
/// Where retrieval's pool and queries come from. A pool is a mixture (every task's records in file order, at most
/// <c>maxPerTask</c> per task, rendered with stream seed 0, epoch 0; unlabeled and dropped records left out) or a
/// tokenized cache written by <c>t0sharp data build</c> (its cached examples, texts decoded with the tokenizer).
/// Queries are the inputs of a task's records (labels unused: DEFT queries with unlabeled target inputs) or the
/// "inputs" of a JSONL file.
/// </summary>
public static class PoolSource
{
    /// <summary>Renders a mixture's tasks in order into pool examples (deterministic).</summary>
    public static IEnumerable<PoolExample> FromMixture(Mixture mixture, DatasetDirectory data, int maxPerTask, bool labeledOnly = true)
    {
        foreach (var c in mixture.Components)
        {
            var source = c.Task.Open(data);
            if (source == null) continue;
            int kept = 0;
            foreach (var row in source.Read())
            {
                if (kept >= maxPerTask) break;
                var ex = c.Task.Process(row, 0, 0);
                if (ex == null || (labeledOnly && ex.IsUnlabeled)) continue;
                kept++;
                yield return new PoolExample(c.Task.Name, ex.Inputs, ex.Targets, ex.AnswerChoices);
            }
        }
    }

    /// <summary>
    /// The examples of a <c>data build</c> cache, with their token ids (the cache's own tokenization). The tokenizer
    /// (and its file, part of the fingerprint <c>data build</c> records) must be the one the cache was built with.
    /// </summary>
    public static IEnumerable<PoolExample> FromCache(string folder, ITokenizer tokenizer, string? tokenizerFile)
    {
        var reader = new CacheReader(folder);
        reader.RequireTokenizer(TokenizerFingerprint.Of(tokenizer, tokenizerFile));
        var names = reader.Index.Tasks.Select(t => t.Name).ToList();
        foreach (var (_, ex) in reader.Read())
            yield return new PoolExample(ex.TaskIndex >= 0 && ex.TaskIndex < names.Count ? names[ex.TaskIndex] : "unknown",
                tokenizer.Decode(ex.Inputs, skipSpecialTokens: true), tokenizer.Decode(ex.Targets, skipSpecialTokens: true), null, ex.Inputs);
    }

    /// <summary>Up to <paramref name="max"/> query inputs of a mixture's tasks (labels ignored), in order.</summary>
    public static List<string> QueriesFromMixture(Mixture mixture, DatasetDirectory data, int max) =>
        FromMixture(mixture, data, int.MaxValue, labeledOnly: false).Take(max).Select(e => e.Inputs).ToList();

    /// <summary>Up to <paramref name="max"/> inputs from a JSONL file ("inputs", "inputs_pretokenized", "input" or "text").</summary>
    public static List<string> QueriesFromFile(string path, int max)
    {
        var list = new List<string>();
        int line = 0;
        foreach (var text in Utf8Lines.Read(path).Select(l => l.Text))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            if (list.Count >= max) break;
            try
            {
                using var doc = System.Text.Json.JsonDocument.Parse(text);
                var o = doc.RootElement;
                var value = new[] { "inputs", "inputs_pretokenized", "input", "text" }
                    .Select(k => o.ValueKind == System.Text.Json.JsonValueKind.Object && o.TryGetProperty(k, out var v) && v.ValueKind == System.Text.Json.JsonValueKind.String ? v.GetString() : null)
                    .FirstOrDefault(v => v != null);
                list.Add(value ?? throw new InvalidDataException($"{path}:{line}: no \"inputs\" (or \"input\", \"text\") string"));
            }
            catch (System.Text.Json.JsonException e) { throw new InvalidDataException($"{path}:{line}: invalid JSON: {e.Message}"); }
        }
        return list;
    }

    /// <summary>A short content hash identifying a pool (its examples, in order).</summary>
    public static string Fingerprint(IEnumerable<PoolExample> pool)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var e in pool) sha.AppendData(Encoding.UTF8.GetBytes(e.Task + "\u0001" + e.Inputs + "\u0001" + e.Targets + "\n"));
        return Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
    }
}
