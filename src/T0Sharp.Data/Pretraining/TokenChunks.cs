namespace T0Sharp.Data.Pretraining;

/// <summary>
/// Cuts tokenized documents into training chunks: the documents are concatenated in order (with an EOS after each
/// when <c>separator</c> is set, as causal-LM pretraining does; plain concatenation as T5's
/// <c>reduce_concat_tokens</c> otherwise) and the stream is split into chunks of exactly <c>length</c> tokens; the
/// remainder becomes a last, shorter chunk when it has at least <see cref="MinimumLength"/> tokens (seqio's
/// <c>split_tokens</c> keeps it too). Unlike T5 (which samples one random chunk of at most 65,536 tokens per document
/// and concatenates 128 documents at a time), every token of the corpus is used once per epoch.
/// </summary>
public static class TokenChunks
{
    /// <summary>Chunks shorter than this are dropped (a split needs two tokens).</summary>
    public const int MinimumLength = 2;

    public static List<int[]> Split(IEnumerable<IReadOnlyList<int>> documents, int length, int? separator = null)
    {
        if (length < MinimumLength) throw new ArgumentOutOfRangeException(nameof(length), $"chunks need at least {MinimumLength} tokens");
        var chunks = new List<int[]>();
        var current = new List<int>(length);
        void Add(int token)
        {
            current.Add(token);
            if (current.Count == length) { chunks.Add([.. current]); current.Clear(); }
        }
        foreach (var doc in documents)
        {
            foreach (var t in doc) Add(t);
            if (separator is int eos && doc.Count > 0) Add(eos);
        }
        if (current.Count >= MinimumLength) chunks.Add([.. current]);
        return chunks;
    }
}
