using TorchSharp;
using static TorchSharp.torch;

namespace T0Sharp.Models;

/// <summary>The feed-forward activations Hugging Face configs name (<c>dense_act_fn</c>), by their ACT2FN names.</summary>
public static class Activations
{
    public static IReadOnlyList<string> Names { get; } = ["relu", "gelu", "gelu_new", "gelu_pytorch_tanh", "silu", "swish"];

    public static bool IsKnown(string name) => Names.Contains(name);

    /// <summary>Applies the named activation. gelu_new / gelu_pytorch_tanh are the tanh approximation; gelu is exact (erf).</summary>
    public static Tensor Apply(string name, Tensor x) => name switch
    {
        "relu" => nn.functional.relu(x),
        "gelu" => nn.functional.gelu(x),
        "gelu_new" or "gelu_pytorch_tanh" => nn.functional.gelu(x, TorchSharp.Modules.GELU.Approximate.tanh),
        "silu" or "swish" => nn.functional.silu(x),
        _ => throw new ArgumentException($"Unknown activation '{name}' (known: {string.Join(", ", Names)})", nameof(name)),
    };
}
