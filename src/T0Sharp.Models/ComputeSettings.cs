using T0Sharp.Core;
using T0Sharp.Models.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace T0Sharp.Models;

/// <summary>
/// The one parser of device and dtype names, used by every command (<c>--device</c>, <c>--dtype</c>,
/// <c>--save-dtype</c>) and by training configs (<c>run.device</c>, <c>run.dtype</c>). <paramref name="source"/> in each
/// method is the option or key the text came from; errors name it.
/// </summary>
public static class ComputeSettings
{
    /// <summary>cpu, cuda or cuda:N. CUDA needs a TorchSharp-cuda build and a visible NVIDIA GPU.</summary>
    public static Device ParseDevice(string text, string source = "--device")
    {
        var t = text.Trim().ToLowerInvariant();
        if (t == "cpu") return CPU;
        if (t == "cuda" || t.StartsWith("cuda:", StringComparison.Ordinal))
        {
            var index = 0;
            if (t.Length > 4 && (!int.TryParse(t[5..], out index) || index < 0))
                throw new UserError($"{source} {text}: the GPU index must be a non-negative integer (cuda:0, cuda:1, ...)");
            if (!cuda.is_available())
                throw new UserError($"{source} {text}: CUDA is not available: this build uses TorchSharp-cpu, or no NVIDIA GPU and driver " +
                    "are visible. Build with -p:T0SharpTorchPackage=TorchSharp-cuda-linux (or -windows) on a machine with an NVIDIA driver, or use cpu.");
            var count = cuda.device_count();
            if (index >= count) throw new UserError($"{source} {text}: there {(count == 1 ? "is 1 GPU" : $"are {count} GPUs")} (cuda:0..cuda:{count - 1})");
            return torch.device(t);
        }
        throw new UserError($"{source} {text}: unknown device; use cpu, cuda or cuda:N" + (t is "gpu" or "nvidia" or "mps" ? " (CUDA is spelled cuda)" : ""));
    }

    /// <summary>Compute dtype: float32 (fp32), bfloat16 (bf16), float16 (fp16, half).</summary>
    public static ScalarType ParseDtype(string text, string source = "--dtype") => Normalize(text) switch
    {
        "float32" => ScalarType.Float32,
        "bfloat16" => ScalarType.BFloat16,
        "float16" => ScalarType.Float16,
        _ => throw new UserError($"{source} {text}: unknown dtype; use float32, bfloat16 or float16"),
    };

    /// <summary>Storage dtype of written weights: float32, bfloat16 or float16 (same spellings as <see cref="ParseDtype"/>).</summary>
    public static TensorDType ParseStorageDtype(string text, string source = "--save-dtype") => Normalize(text) switch
    {
        "float32" => TensorDType.Float32,
        "bfloat16" => TensorDType.BFloat16,
        "float16" => TensorDType.Float16,
        _ => throw new UserError($"{source} {text}: unknown dtype; use float32, bfloat16 or float16"),
    };

    /// <summary>The canonical name of a dtype spelling (fp32 → float32, bf16 → bfloat16, fp16/half → float16), else the lower-cased text.</summary>
    public static string Normalize(string text) => text.Trim().ToLowerInvariant() switch
    {
        "float32" or "fp32" or "float" => "float32",
        "bfloat16" or "bf16" => "bfloat16",
        "float16" or "fp16" or "half" => "float16",
        var other => other,
    };
}
