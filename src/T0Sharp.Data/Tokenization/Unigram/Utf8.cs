namespace T0Sharp.Data.Tokenization.Unigram;

/// <summary>Small UTF-8 helpers shared by the normalizers and the Viterbi search.</summary>
public static class Utf8
{
    /// <summary>Byte length of the character a lead byte starts, as SentencePiece's OneCharLen (1 for stray bytes).</summary>
    public static int LeadLength(byte b) => b < 0xC0 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;

    /// <summary>Length of the valid UTF-8 character at the start of <paramref name="s"/>, or 0 when it is malformed.</summary>
    public static int ValidCharLength(ReadOnlySpan<byte> s)
    {
        if (s.IsEmpty) return 0;
        return System.Text.Rune.DecodeFromUtf8(s, out _, out var consumed) == System.Buffers.OperationStatus.Done ? consumed : 0;
    }
}
