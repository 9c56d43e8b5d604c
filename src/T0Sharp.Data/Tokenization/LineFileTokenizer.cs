using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using T0Sharp.Core;

namespace T0Sharp.Data.Tokenization;

/// <summary>
/// Tokenizes a text file line by line into JSON lines <c>{"ids": [...], "tokens": [...]}</c> (what
/// <c>t0sharp tokenize</c> does). Input is UTF-8 (a leading BOM is ignored; malformed bytes are an error naming the
/// line). Lines end at LF; one CR right before the LF is part of the line ending (so CRLF files give the same lines
/// as LF files), any other CR is kept as text. Spaces are kept. A last line without LF counts; the empty string
/// after a final LF does not. Output is written atomically: a failed run leaves any previous output untouched.
/// </summary>
public static class LineFileTokenizer
{
    static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    const int BatchLines = 4096;

    /// <summary>Returns the number of lines written.</summary>
    public static int Run(ITokenizer tokenizer, string inputPath, string outputPath, bool addSpecialTokens)
    {
        if (!File.Exists(inputPath)) throw new FileNotFoundException($"input file '{inputPath}' does not exist", inputPath);
        var count = 0;
        AtomicFile.Write(outputPath, stream =>
        {
            using var json = new Utf8JsonWriter(stream, WriterOptions);
            var batch = new List<string>(BatchLines);
            var results = new TokenizedText[BatchLines];
            void Flush()
            {
                Parallel.For(0, batch.Count, i => results[i] = tokenizer.EncodeWithTokens(batch[i], addSpecialTokens));
                for (var i = 0; i < batch.Count; i++) { Write(json, results[i]); json.Flush(); stream.WriteByte((byte)'\n'); }
                count += batch.Count;
                batch.Clear();
            }
            foreach (var line in ReadLines(inputPath))
            {
                batch.Add(line);
                if (batch.Count == BatchLines) Flush();
            }
            Flush();
        });
        return count;
    }

    static void Write(Utf8JsonWriter json, TokenizedText t)
    {
        json.Reset();
        json.WriteStartObject();
        json.WriteStartArray("ids");
        foreach (var id in t.Ids) json.WriteNumberValue(id);
        json.WriteEndArray();
        json.WriteStartArray("tokens");
        foreach (var token in t.Tokens) json.WriteStringValue(token);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>The lines of a UTF-8 file under the rules in the class summary, streamed (<see cref="Utf8Lines"/>).</summary>
    public static IEnumerable<string> ReadLines(string path) => Utf8Lines.Read(path).Select(l => l.Text);
}
