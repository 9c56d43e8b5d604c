using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using T0Sharp.Core;

namespace T0Sharp.Training.Metrics;

/// <summary>
/// Appends one JSON object per line to metrics.jsonl, flushed per line: {"step":..,"kind":"train"|"eval",...}.
/// On resume, lines past the resumed step (written after the last checkpoint of the interrupted run) are dropped
/// first, so the file reads as one uninterrupted run.
/// </summary>
public sealed class MetricsJsonlWriter : IDisposable
{
    static readonly JsonSerializerOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    readonly StreamWriter _writer;
    public string FilePath { get; }

    public MetricsJsonlWriter(string path, long? resumedAtStep = null)
    {
        FilePath = path;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        if (resumedAtStep is long step && File.Exists(path))
        {
            var kept = File.ReadLines(path).Where(l => StepOf(l) is not long s || s <= step).ToList();
            AtomicFile.WriteAllLines(path, kept);
        }
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false)) { NewLine = "\n" };
    }

    public void Write(string kind, long step, IEnumerable<KeyValuePair<string, double?>> values)
    {
        var o = new JsonObject { ["step"] = step, ["kind"] = kind, ["time"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture) };
        foreach (var (k, v) in values)
            o[k] = v is double d && double.IsFinite(d) ? d : null;
        _writer.WriteLine(o.ToJsonString(JsonOptions));
        _writer.Flush();
    }

    static long? StepOf(string line)
    {
        try { return JsonNode.Parse(line)?["step"]?.GetValue<long>(); }
        catch (JsonException) { return null; }
    }

    public void Dispose() => _writer.Dispose();
}
