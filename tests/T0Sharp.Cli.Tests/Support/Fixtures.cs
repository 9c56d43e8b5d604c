using T0Sharp.Tests;

namespace T0Sharp.Cli.Tests.Support;

/// <summary>Inputs the bad-input tests start from (all under tests/TestData) and ways to break them.</summary>
public static class Fixtures
{
    public static string TinyT0 => TestPaths.TestData("models", "tiny-t0-t5-v1_1-gated-gelu");
    public static string TinyMt0 => TestPaths.TestData("models", "tiny-mt0-mt5-gated-gelu-sharded");
    public static string T5Tokenizer => TestPaths.TestData("tokenizers", "t5", "spiece.model");

    /// <summary>The tiny T0 checkpoint with the T5 tokenizer beside it, copied to <paramref name="dir"/>/model.</summary>
    public static string ModelWithTokenizer(TempDir dir)
    {
        var model = Path.Combine(dir.Path, "model");
        Directory.CreateDirectory(model);
        foreach (var f in new[] { "config.json", "model.safetensors" }) File.Copy(Path.Combine(TinyT0, f), Path.Combine(model, f));
        File.Copy(T5Tokenizer, Path.Combine(model, "spiece.model"));
        return model;
    }

    /// <summary>Cuts <paramref name="file"/> to <paramref name="fraction"/> of its length.</summary>
    public static void Truncate(string file, double fraction = 0.5)
    {
        using var s = new FileStream(file, FileMode.Open, FileAccess.Write);
        s.SetLength((long)(s.Length * fraction));
    }

    /// <summary>Writes a data folder for the t0 suite's cb task (super_glue/cb/validation.EXT) and returns its root.</summary>
    public static string CbData(TempDir dir, string ext, byte[] content)
    {
        var root = Path.Combine(dir.Path, "data-" + ext);
        var folder = Path.Combine(root, "super_glue", "cb");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "validation." + ext), content);
        return root;
    }

    public const string CbLine = """{"premise": "It rained all day.", "hypothesis": "The ground is wet.", "label": 0, "idx": 0}""";

    /// <summary>Two cb records, the second with a byte that is not UTF-8 inside a string.</summary>
    public static byte[] JsonlWithBadUtf8() =>
        [.. System.Text.Encoding.UTF8.GetBytes(CbLine + "\n{\"premise\": \"caf"), 0xE9, .. "\", \"hypothesis\": \"x\", \"label\": 1, \"idx\": 1}\n"u8];

    /// <summary>A tiny training config (t5-tiny from scratch) writing under <paramref name="dir"/>.</summary>
    public static string TrainConfig(TempDir dir, string trainFiles, string extra = "")
    {
        var path = Path.Combine(dir.Path, "train.yaml");
        File.WriteAllText(path, $"""
            run:
              output_dir: {Path.Combine(dir.Path, "run")}
              max_steps: 2
              seed: 0
            model:
              preset: t5-tiny
            data:
              train_files: {trainFiles}
              input_length: 32
              target_length: 8
              batch_size: 4
              micro_batch_size: 4
            optimizer:
              name: adafactor
              learning_rate: 1.0e-3
            schedule:
              name: constant
            checkpoint:
              every_steps: 1
              keep_last: 5
            logging:
              every_steps: 1
              progress: none
            eval:
              every_steps: 0
            {extra}
            """);
        return path;
    }
}
