using T0Sharp.Tests;

namespace T0Sharp.Models.Tests.Checkpoints;

/// <summary>The tiny model fixtures in tests/TestData/models.</summary>
internal static class Fixtures
{
    public const string T5Relu = "tiny-t5-v1_0-relu";
    public const string T0GatedGelu = "tiny-t0-t5-v1_1-gated-gelu";
    public const string Mt0Sharded = "tiny-mt0-mt5-gated-gelu-sharded";
    public const string BloomBf16 = "tiny-bloomz-bloom-bf16";

    public static readonly string[] All = [T5Relu, T0GatedGelu, Mt0Sharded, BloomBf16];

    public static string Dir(string fixture) => TestPaths.TestData("models", fixture);
    public static string File(string fixture, string name) => TestPaths.TestData("models", fixture, name);
}
