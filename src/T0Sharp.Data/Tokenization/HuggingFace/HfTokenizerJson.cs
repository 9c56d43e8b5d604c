namespace T0Sharp.Data.Tokenization.HuggingFace;

/// <summary>Reads a Hugging Face tokenizer.json into a tokenizer.</summary>
public static class HfTokenizerJson
{
    public static ITokenizer Load(string path) => throw new NotSupportedException($"'{path}': tokenizer.json support is not in this build yet; pass spiece.model");
}
