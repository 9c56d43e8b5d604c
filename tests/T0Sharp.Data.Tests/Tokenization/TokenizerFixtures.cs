using System.Collections.Concurrent;
using System.Text.Json;
using T0Sharp.Data.Tokenization;
using T0Sharp.Tests;

namespace T0Sharp.Data.Tests.Tokenization;

/// <summary>One line of tests/TestData/tokenizers/*/expected.jsonl (see the README there).</summary>
public sealed record ExpectedLine(
    int Index, string Text,
    int[] Ids, string[] Tokens, int[] IdsWithSpecial, string Decoded, string? DecodedWithSpecial,
    int[] SpIds, string[] SpPieces, string SpDecoded, int[] SpIdsWithEos);

/// <summary>Reads the shared tokenizer fixtures and caches loaded tokenizers across tests.</summary>
public static class TokenizerFixtures
{
    static readonly ConcurrentDictionary<string, IReadOnlyList<ExpectedLine>> Lines = new();
    static readonly ConcurrentDictionary<string, Lazy<ITokenizer>> Tokenizers = new();

    public static string Path(params string[] parts) => TestPaths.TestData(["tokenizers", .. parts]);

    /// <summary>The expected lines of a model folder ("t5" or "hf-test-sentencepiece").</summary>
    public static IReadOnlyList<ExpectedLine> Expected(string dir) => Lines.GetOrAdd(dir, d =>
        File.ReadLines(Path(d, "expected.jsonl")).Select(Parse).ToList());

    /// <summary>A tokenizer loaded once per file and options.</summary>
    public static ITokenizer Load(string relativePath, TokenizerOptions? options = null) =>
        Tokenizers.GetOrAdd(relativePath + "|" + options, _ => new Lazy<ITokenizer>(() => TokenizerLoader.Load(Path(relativePath), options))).Value;

    /// <summary>Theory rows: every line index of a fixture folder.</summary>
    public static TheoryData<int> Indices(string dir)
    {
        var data = new TheoryData<int>();
        foreach (var line in Expected(dir)) data.Add(line.Index);
        return data;
    }

    static ExpectedLine Parse(string json)
    {
        var d = JsonDocument.Parse(json).RootElement;
        var sp = d.GetProperty("sentencepiece");
        return new ExpectedLine(
            d.GetProperty("index").GetInt32(), d.GetProperty("text").GetString()!,
            Ints(d.GetProperty("ids")), Strings(d.GetProperty("tokens")), Ints(d.GetProperty("ids_with_special")),
            d.GetProperty("decoded").GetString()!,
            d.TryGetProperty("decoded_with_special", out var dws) ? dws.GetString() : null,
            Ints(sp.GetProperty("ids")), Strings(sp.GetProperty("pieces")), sp.GetProperty("decoded").GetString()!, Ints(sp.GetProperty("ids_with_eos")));
    }

    static int[] Ints(JsonElement e) => e.EnumerateArray().Select(x => x.GetInt32()).ToArray();
    static string[] Strings(JsonElement e) => e.EnumerateArray().Select(x => x.GetString()!).ToArray();
}
