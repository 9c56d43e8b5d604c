namespace T0Sharp.Evaluation.Suites;

/// <summary>
/// Finds a task's data file in the dataset folder layout <c>&lt;root&gt;/&lt;dataset&gt;/&lt;subset&gt;/&lt;split&gt;.&lt;ext&gt;</c>
/// (ext: jsonl, json, csv, parquet). A dataset without a subset lives in its only config folder (HF's
/// "default" or "plain_text").
/// </summary>
public static class DataLocator
{
    static readonly string[] Extensions = [".jsonl", ".json", ".csv", ".parquet"];

    /// <summary>The data file of <paramref name="task"/>, or null with the places looked at in <paramref name="lookedAt"/>.</summary>
    public static string? Find(string root, EvalTask task, out string lookedAt)
    {
        if (task.DataFile != null)
        {
            lookedAt = task.DataFile;
            return File.Exists(task.DataFile) ? task.DataFile : null;
        }
        var dsDir = Path.Combine(root, task.Dataset);
        var configDirs = new List<string>();
        if (task.Subset != null) configDirs.Add(Path.Combine(dsDir, task.Subset));
        else
        {
            configDirs.Add(Path.Combine(dsDir, "default"));
            configDirs.Add(Path.Combine(dsDir, "plain_text"));
            if (Directory.Exists(dsDir)) configDirs.AddRange(Directory.GetDirectories(dsDir).Order(StringComparer.Ordinal));
            configDirs.Add(dsDir);
        }
        foreach (var dir in configDirs.Distinct())
            foreach (var ext in Extensions)
            {
                var f = Path.Combine(dir, task.Split + ext);
                if (File.Exists(f)) { lookedAt = f; return f; }
            }
        lookedAt = Path.Combine(configDirs[0], task.Split + ".jsonl");
        return null;
    }
}
