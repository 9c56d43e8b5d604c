using System.Text.Json;
using T0Sharp.Models;
using T0Sharp.Models.Checkpoints;
using T0Sharp.Tests;
using static TorchSharp.torch;

namespace T0Sharp.Peft.Tests.Support;

/// <summary>
/// One PEFT-made adapter of tests/TestData/adapters (copied from ../shared/fixtures/adapters, trimmed: see the README
/// there) with its base model, expected outputs and expected tensors.
/// </summary>
internal sealed class AdapterFixture : IDisposable
{
    public static readonly string[] All =
    [
        "tiny-bloomz-bloom-bf16--ia3-default", "tiny-bloomz-bloom-bf16--lora-qkv-r4", "tiny-bloomz-bloom-bf16--prompt-tuning-5",
        "tiny-mt0-mt5-gated-gelu-sharded--ia3-default", "tiny-mt0-mt5-gated-gelu-sharded--lora-qv-r4",
        "tiny-mt0-mt5-gated-gelu-sharded--poly-s-3tasks", "tiny-mt0-mt5-gated-gelu-sharded--prefix-tuning-4",
        "tiny-mt0-mt5-gated-gelu-sharded--prompt-tuning-5",
        "tiny-t0-t5-v1_1-gated-gelu--ia3-default", "tiny-t0-t5-v1_1-gated-gelu--lora-qv-r4", "tiny-t0-t5-v1_1-gated-gelu--poly-s-3tasks",
        "tiny-t0-t5-v1_1-gated-gelu--prefix-tuning-4", "tiny-t0-t5-v1_1-gated-gelu--prompt-tuning-5",
        "tiny-t5-v1_0-relu--ia3-default", "tiny-t5-v1_0-relu--lora-qv-r4", "tiny-t5-v1_0-relu--poly-s-3tasks",
        "tiny-t5-v1_0-relu--prefix-tuning-4", "tiny-t5-v1_0-relu--prompt-tuning-5",
    ];

    public static IEnumerable<object[]> AllData => All.Select(n => new object[] { n });

    public static IEnumerable<object[]> Where(Func<string, bool> keep) => All.Where(keep).Select(n => new object[] { n });

    readonly Checkpoint _tensors;

    public AdapterFixture(string name)
    {
        Name = name;
        Dir = TestPaths.TestData("adapters", name);
        BaseName = name[..name.IndexOf("--", StringComparison.Ordinal)];
        Root = JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir, "expected_outputs.json"))).RootElement;
        _tensors = CheckpointReader.Open(Path.Combine(Dir, "expected_tensors.safetensors"));
    }

    public string Name { get; }
    public string Dir { get; }
    public string BaseName { get; }
    public JsonElement Root { get; }
    public bool IsBloom => BaseName.Contains("bloom");
    public string PeftType => Root.GetProperty("peft_type").GetString()!;

    /// <summary>The base model's folder under tests/TestData/models.</summary>
    public string BaseDir => BaseModelDir(BaseName);

    public static string BaseModelDir(string baseName) => TestPaths.TestData("models", baseName);

    public ILanguageModel LoadBase() => PretrainedModel.Load(BaseDir);

    public IEnumerable<JsonElement> Cases => Root.GetProperty("cases").EnumerateArray();

    public bool HasTensor(string name) => _tensors.Contains(name);
    public Tensor Tensor(string name) => _tensors.Load(name);
    public IEnumerable<string> TensorNames => _tensors.Names;

    public static int[] Ints(JsonElement e) => e.EnumerateArray().Select(x => x.GetInt32()).ToArray();
    public static double[] Doubles(JsonElement e) => e.EnumerateArray().Select(x => x.GetDouble()).ToArray();
    public static int? TaskId(JsonElement c) => c.GetProperty("task_id").ValueKind == JsonValueKind.Null ? null : c.GetProperty("task_id").GetInt32();

    public void Dispose() => _tensors.Dispose();
}
