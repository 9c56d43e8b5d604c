namespace T0Sharp.Data.Tokenization;

/// <summary>
/// A text tokenizer as the rest of T0Sharp sees it: SentencePiece (T5, T0, Flan-T5, mT5) or a Hugging Face
/// tokenizer.json (Unigram or byte-level BPE as BLOOM uses). Implementations are immutable and thread-safe.
/// </summary>
public interface ITokenizer
{
    /// <summary>Number of ids the tokenizer can produce (pieces plus added tokens such as &lt;extra_id_N&gt;).</summary>
    int VocabSize { get; }

    /// <summary>Padding id (T5: 0 = &lt;pad&gt;; BLOOM: 3).</summary>
    int PadId { get; }

    /// <summary>End-of-sequence id (T5: 1 = &lt;/s&gt;; BLOOM: 2).</summary>
    int EosId { get; }

    /// <summary>Unknown-token id (T5: 2).</summary>
    int UnkId { get; }

    /// <summary>Encodes text as Hugging Face does; <paramref name="addSpecialTokens"/> appends EOS where the model's post-processor does (T5 yes, BLOOM no).</summary>
    IReadOnlyList<int> Encode(string text, bool addSpecialTokens = true);

    /// <summary>Decodes ids; <paramref name="skipSpecialTokens"/> drops pad, eos, unk and other special tokens as Hugging Face does.</summary>
    string Decode(IEnumerable<int> ids, bool skipSpecialTokens = true);

    /// <summary>The token string of an id (e.g. "▁Hello"), or null when out of range.</summary>
    string? IdToToken(int id);

    /// <summary>
    /// Encodes like <see cref="Encode"/> and also returns each id's token string as Hugging Face's
    /// <c>Encoding.tokens</c> shows it (for an unknown piece: the normalized text it covers, not "&lt;unk&gt;").
    /// </summary>
    TokenizedText EncodeWithTokens(string text, bool addSpecialTokens = true)
    {
        var ids = Encode(text, addSpecialTokens);
        return new TokenizedText(ids, ids.Select(id => IdToToken(id) ?? "").ToList());
    }

    /// <summary>The id of a token string (a vocabulary piece or an added token), or null when unknown.</summary>
    int? TokenToId(string token) => null;

    /// <summary>Beginning-of-sequence id, or null when the model has none (T5 has none).</summary>
    int? BosId => null;

    /// <summary>Ids that <see cref="Decode"/> drops when asked to skip special tokens.</summary>
    IReadOnlySet<int> SpecialTokenIds => new HashSet<int> { PadId, EosId, UnkId };
}

/// <summary>Ids and their token strings, index for index.</summary>
public sealed record TokenizedText(IReadOnlyList<int> Ids, IReadOnlyList<string> Tokens);
