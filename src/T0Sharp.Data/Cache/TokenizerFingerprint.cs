using System.Security.Cryptography;
using System.Text;
using T0Sharp.Data.Tokenization;

namespace T0Sharp.Data.Cache;

/// <summary>
/// Identifies a tokenizer for cache checks: SHA-256 over its special ids, vocabulary size and the ids of a fixed
/// probe text (and the tokenizer file's bytes when the path is known), first 16 hex digits.
/// </summary>
public static class TokenizerFingerprint
{
    const string Probe = "T0Sharp probe: The quick brown fox jumps over 13 lazy dogs? Réponse: oui. 東京 <extra_id_0>";

    public static string Of(ITokenizer tokenizer, string? path = null)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{tokenizer.VocabSize}|{tokenizer.PadId}|{tokenizer.EosId}|{tokenizer.UnkId}|"));
        sha.AppendData(Encoding.UTF8.GetBytes(string.Join(",", tokenizer.Encode(Probe))));
        if (path != null && File.Exists(path)) sha.AppendData(File.ReadAllBytes(path));
        return Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
    }
}
