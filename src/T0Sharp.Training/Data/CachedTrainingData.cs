using T0Sharp.Data.Cache;
using T0Sharp.Data.Features;
using T0Sharp.Data.Tokenization;
using T0Sharp.Training.Options;

namespace T0Sharp.Training.Data;

/// <summary>
/// Training examples from <c>t0sharp data build</c> caches named in data.train_files: read back already tokenized
/// (nothing is rendered again), after checking that each cache was built with the run's tokenizer and EOS convention.
/// Task ids are remapped onto one list of task names in first-seen order across the caches.
/// </summary>
public static class CachedTrainingData
{
    /// <summary>Whether <paramref name="path"/> is a cache folder (it holds index.json).</summary>
    public static bool IsCache(string path) => Directory.Exists(path) && File.Exists(Path.Combine(path, CacheIndex.FileName));

    public static (List<TokenizedExample> Examples, List<string> TaskNames) Read(IReadOnlyList<string> folders, ITokenizer tokenizer,
        string tokenizerPath, EosConvention eos)
    {
        var fingerprint = TokenizerFingerprint.Of(tokenizer, tokenizerPath);
        var names = new List<string>();
        var examples = new List<TokenizedExample>();
        foreach (var folder in folders)
        {
            CacheReader reader;
            try
            {
                reader = new CacheReader(folder);
                reader.RequireTokenizer(fingerprint);
                reader.RequireEosConvention(eos);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or System.Text.Json.JsonException)
            {
                throw new OptionsException($"data.train_files: {e.Message} (the run's tokenizer is {tokenizerPath}; data.tokenizer chooses it)");
            }
            var map = reader.Index.Tasks.Select(t =>
            {
                var i = names.IndexOf(t.Name);
                if (i < 0) { names.Add(t.Name); i = names.Count - 1; }
                return i;
            }).ToArray();
            foreach (var (_, ex) in reader.Read())
                examples.Add(ex with { TaskIndex = ex.TaskIndex >= 0 && ex.TaskIndex < map.Length ? map[ex.TaskIndex] : -1 });
        }
        return (examples, names);
    }
}
