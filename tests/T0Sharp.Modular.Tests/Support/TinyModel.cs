using System.Text.Json.Nodes;
using T0Sharp.Models;
using T0Sharp.Models.Adaptation;
using T0Sharp.Modular.Contract;
using T0Sharp.Tests;
using static TorchSharp.torch;

namespace T0Sharp.Modular.Tests.Support;

/// <summary>The tiny T0-shaped fixture (d_model 32, 4 heads of 16, 2+2 layers) and a padded batch of three rows.</summary>
internal static class TinyModel
{
    public static string Dir => TestPaths.TestData("models", "tiny-t0-t5-v1_1-gated-gelu");

    public static ILanguageModel Load() => PretrainedModel.Load(Dir);

    /// <summary>Three training tasks with instructions of different token ids.</summary>
    public static TaskTable Tasks { get; } = new([new("t_a", "alpha beta", [100, 101]), new("t_b", "gamma", [200]), new("t_c", "delta epsilon zeta", [300, 301, 302])]);

    public static ModularModel Attach(ILanguageModel model, JsonObject section, long seed = 0, TaskTable? tasks = null) =>
        ModularModel.Create(model, section, ModularRegistry.CreateDefault(), tasks ?? Tasks, seed, Tokenize);

    /// <summary>Word i of a text → id 1000 + length of word i (enough to tell instructions apart).</summary>
    public static IReadOnlyList<int> Tokenize(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => 1000 + w.Length).ToList();

    /// <summary>Rows: 6 real tokens; 4 real + 2 padding; 5 real + 1 padding.</summary>
    public static ModelBatch Batch(Conditioning? conditioning = null)
    {
        var ids = tensor(new long[] { 37, 8, 94, 12, 55, 1, 61, 70, 5, 1, 0, 0, 44, 9, 23, 81, 1, 0 }, [3, 6]);
        var mask = ids.ne(0).to(ScalarType.Int64);
        mask[0, 5] = tensor(1L); // the EOS of row 0 is real
        var dec = tensor(new long[] { 0, 17, 29, 0, 33, 2, 0, 41, 7 }, [3, 3]);
        return new ModelBatch(ids, dec, AttentionMask: mask, Conditioning: conditioning);
    }

    public static Conditioning Tasks3(long a, long b, long c) => new(TaskIds: tensor(new[] { a, b, c }));

    public static Tensor Logits(ILanguageModel model, ModelBatch batch)
    {
        using var _ = no_grad();
        model.Module.eval();
        return model.Logits(batch);
    }

    /// <summary>Same shape and bit-identical values.</summary>
    public static bool Exact(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();
}
