using System.CommandLine;
using System.Diagnostics;
using T0Sharp.Data.Tokenization;

namespace T0Sharp.Cli.Commands;

/// <summary>
/// <c>t0sharp tokenize --tokenizer PATH --input LINES.txt --output OUT.jsonl [--no-special-tokens]</c>: one JSON line
/// <c>{"ids": [...], "tokens": [...]}</c> per input line (see <see cref="LineFileTokenizer"/> for line rules).
/// </summary>
public static class TokenizeCommand
{
    public static Command Create()
    {
        var tokenizer = new Option<string>("--tokenizer") { Description = "spiece.model / *.model, tokenizer.json, or a model folder", Required = true };
        var input = new Option<string>("--input") { Description = "UTF-8 text file, one input per line (CRLF or LF)", Required = true };
        var output = new Option<string>("--output") { Description = "JSON lines file to write (atomically)", Required = true };
        var noSpecial = new Option<bool>("--no-special-tokens") { Description = "Do not add the model's special tokens (T5: trailing </s>)" };
        var cmd = new Command("tokenize", "Tokenize lines of text with a SentencePiece or Hugging Face tokenizer") { tokenizer, input, output, noSpecial };
        cmd.SetAction(parse => CommandGuard.Run(() =>
        {
            var sw = Stopwatch.StartNew();
            var tok = TokenizerLoader.Load(parse.GetValue(tokenizer)!);
            var n = LineFileTokenizer.Run(tok, parse.GetValue(input)!, parse.GetValue(output)!, !parse.GetValue(noSpecial));
            Console.Error.WriteLine($"tokenized {n} lines into '{parse.GetValue(output)}' in {sw.Elapsed.TotalSeconds:F2} s");
            return 0;
        }));
        return cmd;
    }
}
