namespace T0Sharp.Training.Options;

/// <summary>
/// The options of a resumed run: the model and data sections come from the checkpoint's <c>config.resolved.yaml</c>
/// (the architecture and the data position belong to the run being continued), with command-line
/// <c>--model.*</c>/<c>--data.*</c> overrides on top; every other section (run length, optimizer, schedule, logging,
/// checkpointing, evaluation) comes from the config file and its overrides, so a run can be extended or re-tuned.
/// <see cref="Merge"/> lists every setting that differs from the checkpoint's, and the config-file values it ignored.
/// </summary>
public static class ResumeOptions
{
    static readonly string[] CheckpointSections = ["model", "data"];

    /// <param name="checkpointDir">The checkpoint being resumed.</param>
    /// <param name="current">The options from the config file plus all overrides.</param>
    /// <param name="overrides">The command-line overrides (<c>--section.key=value</c>).</param>
    /// <param name="configName">The config file, for notes.</param>
    /// <param name="notes">One line per applied override or ignored config value.</param>
    public static TrainOptions Merge(string checkpointDir, TrainOptions current, IReadOnlyList<string> overrides, string configName, out List<string> notes)
    {
        notes = [];
        var savedPath = Path.Combine(checkpointDir, Checkpoints.CheckpointIo.ConfigFile);
        if (!File.Exists(savedPath))
        {
            notes.Add($"{savedPath} is missing: the run continues with {configName} as given");
            return current;
        }
        // Paths in a resolved config are already absolute (or, in older checkpoints, relative to the working directory).
        var saved = Checkpoints.CheckpointIo.ReadOptions(checkpointDir);
        var fromCommandLine = overrides.Select(Key).Where(k => k is not null).ToHashSet(StringComparer.Ordinal);
        var kept = OptionsLoader.ApplyOverrides(saved, overrides.Where(o => Key(o) is { } k && CheckpointSections.Contains(k[..k.IndexOf('.')])));
        var merged = current with { Model = kept.Model, Data = kept.Data };
        var (before, after, asGiven) = (Flatten(saved), Flatten(merged), Flatten(current));
        foreach (var (key, value) in after)
        {
            before.TryGetValue(key, out var old);
            if (old != value)
                notes.Add($"{key}: {old ?? "(unset)"} -> {value} (from {(fromCommandLine.Contains(key) ? "the command line" : configName)})");
        }
        foreach (var (key, value) in asGiven)
            if (CheckpointSections.Contains(key[..key.IndexOf('.')]) && after.GetValueOrDefault(key) != value && !fromCommandLine.Contains(key))
                notes.Add($"{key}: keeps the checkpoint's {after.GetValueOrDefault(key) ?? "(unset)"}, not {value} from {configName} (override with --{key}=...)");
        return merged;
    }

    /// <summary>"section.key" of an override, or null.</summary>
    static string? Key(string arg)
    {
        var body = arg.StartsWith("--", StringComparison.Ordinal) ? arg[2..] : arg;
        var eq = body.IndexOf('=');
        return eq > 0 && body[..eq].Contains('.') ? body[..eq] : null;
    }

    /// <summary>"section.key" → value text, as config.resolved.yaml writes them.</summary>
    static Dictionary<string, string> Flatten(TrainOptions o) =>
        OptionsWriter.Entries(o).ToDictionary(e => $"{e.Section}.{e.Key}", e => e.Value, StringComparer.Ordinal);
}
