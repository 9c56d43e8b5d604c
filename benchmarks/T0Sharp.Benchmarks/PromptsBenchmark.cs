using System.Diagnostics;
using T0Sharp.Core;
using T0Sharp.Prompts.Python;
using T0Sharp.Prompts.Templates;

namespace T0Sharp.Benchmarks;

/// <summary>
/// <c>t0sharp bench prompts [--seconds S]</c>: single-thread render throughput (example × template renders per
/// second, promptsource's Template.apply with truncation) over a fixed workload: the first 10 rows of each
/// bundled dataset slice named in prompts-workload.txt times all its HEAD templates. The same workload runs
/// through Python (tools/reference/bench_render.py, Jinja2 3.1.6) when python3 is available, and both
/// figures are printed side by side with the ratio.
/// </summary>
public sealed class PromptsBenchmark : IBenchmark
{
    const int Rows = 10;

    public string Name => "prompts";
    public string Description => "Template render throughput (renders/s, one thread) vs Python Jinja2 with promptsource semantics";

    public int Run(IReadOnlyList<string> args, TextWriter output)
    {
        var seconds = args.Count >= 2 && args[0] == "--seconds" ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3.0;
        var jobs = Workload();
        var renders = jobs.Sum(j => j.Templates.Count * j.Examples.Count);
        output.WriteLine($"workload: {jobs.Count} dataset files, {renders} renders per pass (first {Rows} rows x all templates)");

        // Warm-up: parses every template once and gives tiered JIT time to reach optimized code (slow on a busy machine).
        var warm = Stopwatch.StartNew();
        do RunOnce(jobs); while (warm.Elapsed.TotalSeconds < Math.Max(2, seconds / 2));
        var sw = Stopwatch.StartNew();
        long n = 0;
        while (sw.Elapsed.TotalSeconds < seconds) n += RunOnce(jobs);
        var csharp = n / sw.Elapsed.TotalSeconds;
        output.WriteLine($"csharp:                        {csharp,12:N0} renders/s ({n} renders in {sw.Elapsed.TotalSeconds:F1} s)");

        var python = RunPython(seconds, output);
        if (python is null) return 0;
        foreach (var (label, rate) in python)
            output.WriteLine($"python {label + ":",-23}{rate,12:N0} renders/s   ratio csharp/python = {csharp / rate:F1}x");
        return 0;
    }

    sealed record Job(IReadOnlyList<PromptTemplate> Templates, IReadOnlyList<string> Examples);

    static long RunOnce(List<Job> jobs)
    {
        long n = 0;
        var rng = new PyRandom(0);
        foreach (var job in jobs)
            for (var i = 0; i < job.Examples.Count; i++)
            {
                var example = PromptRenderer.ParseExample(job.Examples[i]);
                foreach (var t in job.Templates)
                {
                    PromptRenderer.RenderSeeded(t, example, rng, i, i);
                    n++;
                }
            }
        return n;
    }

    static List<Job> Workload()
    {
        var collection = TemplateCollection.Default;
        var jobs = new List<Job>();
        foreach (var line in WorkloadLines())
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var cols = line.Split('\t');
            var dataDir = Path.Combine(BuiltInAssets.Datasets, cols[0]);
            var split = Directory.EnumerateFiles(dataDir, "*.jsonl").Order(StringComparer.Ordinal).First();
            var examples = PromptRenderer.ReadExampleLines(split).Take(Rows).ToList();
            jobs.Add(new Job(collection.Get(cols[1], cols[2] == "-" ? null : cols[2]).Templates, examples));
        }
        return jobs;
    }

    static string RepoRoot => Path.GetDirectoryName(BuiltInAssets.Directory)!;

    /// <summary>
    /// prompts-workload.txt, embedded in the assembly so that a published tool runs the benchmark from any directory
    /// (bench_render.py reads the same file from the source tree).
    /// </summary>
    static IEnumerable<string> WorkloadLines()
    {
        using var stream = typeof(PromptsBenchmark).Assembly.GetManifestResourceStream("T0Sharp.Benchmarks.prompts-workload.txt")
            ?? throw new InvalidOperationException("prompts-workload.txt is not embedded in the benchmarks assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
    }

    /// <summary>Runs bench_render.py; null (after printing "python: unavailable") when python3 or the script is missing.</summary>
    static List<(string, double)>? RunPython(double seconds, TextWriter output)
    {
        var script = Path.Combine(RepoRoot, "tools", "reference", "bench_render.py");
        try
        {
            if (!File.Exists(script)) throw new FileNotFoundException(script);
            var psi = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
            psi.ArgumentList.Add(script);
            psi.ArgumentList.Add("--seconds");
            psi.ArgumentList.Add(seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0) throw new InvalidOperationException(stderr.Trim());
            var rates = new List<(string, double)>();
            foreach (var line in stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var label = line.Split(' ')[0];
                var rate = line.Split(' ').First(x => x.StartsWith("renders_per_s=", StringComparison.Ordinal))["renders_per_s=".Length..];
                rates.Add((label, double.Parse(rate, System.Globalization.CultureInfo.InvariantCulture)));
            }
            return rates;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or FileNotFoundException or InvalidOperationException)
        {
            output.WriteLine($"python: unavailable ({e.Message.Split('\n')[0]})");
            return null;
        }
    }
}
