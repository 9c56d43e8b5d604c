using System.Diagnostics;
using System.Text;
using System.Text.Json;
using T0Sharp.Core;
using T0Sharp.Data.Tokenization;

namespace T0Sharp.Benchmarks;

/// <summary>
/// <c>t0sharp bench tokenize [--tokenizer DIR_OR_FILE] [--mb N] [--repeats N] [--no-reference]</c>: one-thread
/// encoding throughput (tokens/s, MB/s) of our T5 tokenizers (tokenizer.json and spiece.model) on a few MB of
/// bundled dataset text, against Hugging Face tokenizers (Rust, npm <c>tokenizers</c>) on the same text and file.
/// The reference runs from benchmarks/reference/node, installed there with <c>npm install --ignore-scripts</c>.
/// </summary>
public sealed class TokenizerBenchmark : IBenchmark
{
    public string Name => "tokenize";
    public string Description => "One-thread tokenization throughput of the T5 tokenizer vs Hugging Face tokenizers (Rust, npm)";

    public int Run(IReadOnlyList<string> args, TextWriter output)
    {
        string? tokenizerArg = null; double mb = 4; var repeats = 3; var reference = true;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--tokenizer" when i + 1 < args.Count: tokenizerArg = args[++i]; break;
                case "--mb" when i + 1 < args.Count: mb = double.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
                case "--repeats" when i + 1 < args.Count: repeats = int.Parse(args[++i]); break;
                case "--no-reference": reference = false; break;
                default: output.WriteLine($"error: unknown argument '{args[i]}'. Usage: bench tokenize [--tokenizer DIR_OR_FILE] [--mb N] [--repeats N] [--no-reference]"); return 2;
            }
        }
        var repo = FindRepoRoot();
        var files = TokenizerFiles(tokenizerArg, repo);
        if (files.Count == 0)
        {
            output.WriteLine("error: no tokenizer found; pass --tokenizer PATH (a T5 folder with tokenizer.json and/or spiece.model, or one file)");
            return 2;
        }
        var texts = TokenizerBenchmarkText.Collect(BuiltInAssets.Datasets, (long)(mb * 1024 * 1024));
        var bytes = texts.Sum(t => (long)Encoding.UTF8.GetByteCount(t));
        output.WriteLine($"text: {texts.Count:N0} texts, {bytes / 1048576.0:F2} MB UTF-8 from {BuiltInAssets.Datasets}; one thread; best of {repeats}");

        var textsFile = Path.Combine(Path.GetTempPath(), $"t0sharp-bench-texts-{Environment.ProcessId}.jsonl");
        var idsFile = Path.Combine(Path.GetTempPath(), $"t0sharp-bench-ids-{Environment.ProcessId}.jsonl");
        NodeReference.Result? r = null;
        var json = files.FirstOrDefault(f => f.EndsWith(".json", StringComparison.OrdinalIgnoreCase));
        try
        {
            if (reference && json != null)
            {
                TokenizerBenchmarkText.WriteJsonLines(textsFile, texts);
                r = NodeReference.Run(repo, json, textsFile, idsFile, repeats, output);
            }
            else if (reference) output.WriteLine("HF tokenizers: skipped (the reference needs a tokenizer.json)");
        }
        finally
        {
            if (File.Exists(textsFile)) File.Delete(textsFile);
            if (File.Exists(idsFile)) File.Delete(idsFile);
        }

        output.WriteLine();
        if (r != null)
        {
            output.WriteLine($"HF tokenizers 0.23.2 (Rust) on {json}");
            output.WriteLine($"  encodeBatch, RAYON_NUM_THREADS=1  {r.Tokens / r.BatchSeconds,12:N0} tokens/s  {bytes / 1048576.0 / r.BatchSeconds,7:F2} MB/s  ({r.Tokens:N0} tokens, {r.BatchSeconds:F3} s)");
            output.WriteLine($"  one awaited encode() per text     {r.Tokens / r.SequentialSeconds,12:N0} tokens/s  {bytes / 1048576.0 / r.SequentialSeconds,7:F2} MB/s  ({r.SequentialSeconds:F3} s)");
        }
        foreach (var file in files)
        {
            var tok = TokenizerLoader.Load(file);
            var (tokens, seconds) = Measure(tok, texts, repeats);
            output.WriteLine($"T0Sharp on {file}");
            output.WriteLine($"  Encode, one thread                {tokens / seconds,12:N0} tokens/s  {bytes / 1048576.0 / seconds,7:F2} MB/s  ({tokens:N0} tokens, {seconds:F3} s)");
            if (r == null) continue;
            output.WriteLine($"  ratio vs HF encodeBatch: {r.BatchSeconds / seconds:F2}x (target >= 1x); vs HF per-call encode: {r.SequentialSeconds / seconds:F2}x");
            var same = Enumerable.Range(0, texts.Count).Count(i => tok.Encode(texts[i], addSpecialTokens: false).SequenceEqual(r.Ids[i]));
            output.WriteLine($"  ids identical to HF's on {same:N0} of {texts.Count:N0} texts" + (same == texts.Count ? "" : " (SentencePiece and HF differ on literal special tokens and some Viterbi ties)"));
        }
        return 0;
    }

    static (long Tokens, double Seconds) Measure(ITokenizer tok, List<string> texts, int repeats)
    {
        foreach (var t in texts.Take(500)) tok.Encode(t, addSpecialTokens: false); // warm-up (JIT, caches)
        long tokens = 0; var best = double.MaxValue;
        for (var r = 0; r < repeats; r++)
        {
            var sw = Stopwatch.StartNew();
            long n = 0;
            foreach (var t in texts) n += tok.Encode(t, addSpecialTokens: false).Count;
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
            tokens = n;
        }
        return (tokens, best);
    }

    static List<string> TokenizerFiles(string? arg, string? repo)
    {
        var candidates = new List<string>();
        if (arg != null)
        {
            if (File.Exists(arg)) return [arg];
            if (!Directory.Exists(arg)) return [];
            candidates.Add(Path.Combine(arg, "tokenizer.json"));
            candidates.Add(Path.Combine(arg, "spiece.model"));
        }
        else if (repo != null)
        {
            var t5 = Path.Combine(repo, "assets", "tokenizers", "t5"); // the bundled T5 tokenizer files
            candidates.Add(Path.Combine(t5, "tokenizer.json"));
            candidates.Add(Path.Combine(t5, "spiece.model"));
        }
        return candidates.Where(File.Exists).ToList();
    }

    static string? FindRepoRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "T0Sharp.slnx"))) return dir.FullName;
        return null;
    }
}

/// <summary>Runs benchmarks/reference/node/bench_tokenizers.js, installing the npm package there first if needed.</summary>
static class NodeReference
{
    public sealed record Result(long Tokens, double BatchSeconds, double SequentialSeconds, IReadOnlyList<int[]> Ids);

    public static Result? Run(string? repo, string tokenizerFile, string textsFile, string idsFile, int repeats, TextWriter output)
    {
        if (repo == null) { output.WriteLine("  HF tokenizers: skipped (repository root not found, so benchmarks/reference/node is unknown)"); return null; }
        var dir = Path.Combine(repo, "benchmarks", "reference", "node");
        if (!Directory.Exists(Path.Combine(dir, "node_modules", "tokenizers")))
        {
            output.WriteLine($"  installing npm package 'tokenizers' into {dir} (npm install --ignore-scripts) ...");
            var (code, _, err) = Exec("npm", ["install", "--ignore-scripts", "--no-audit", "--no-fund"], dir, 600);
            if (code != 0) { output.WriteLine($"  HF tokenizers: unavailable (npm install failed or npm missing: {err.Trim()})"); return null; }
        }
        var (rc, stdout, stderr) = Exec("node", ["bench_tokenizers.js", Path.GetFullPath(tokenizerFile), Path.GetFullPath(textsFile), repeats.ToString(), Path.GetFullPath(idsFile)], dir, 1800,
            ("RAYON_NUM_THREADS", "1"), ("TOKENIZERS_PARALLELISM", "false"));
        if (rc != 0) { output.WriteLine($"  HF tokenizers: unavailable (node failed: {stderr.Trim()})"); return null; }
        using var doc = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
        var root = doc.RootElement;
        var ids = File.ReadLines(idsFile).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<int[]>(l)!).ToList();
        return new Result(root.GetProperty("tokens").GetInt64(), root.GetProperty("batch_seconds").GetDouble(), root.GetProperty("sequential_seconds").GetDouble(), ids);
    }

    static (int Code, string Stdout, string Stderr) Exec(string file, string[] args, string dir, int timeoutSeconds, params (string, string)[] env)
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env) psi.Environment[k] = v;
        try
        {
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(timeoutSeconds * 1000)) { p.Kill(entireProcessTree: true); return (-1, "", $"{file} timed out after {timeoutSeconds} s"); }
            return (p.ExitCode, stdout.Result, stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception e) { return (-1, "", $"'{file}' could not be started: {e.Message}"); }
    }
}
