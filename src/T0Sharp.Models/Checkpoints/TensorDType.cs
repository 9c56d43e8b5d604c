using TorchSharp;

namespace T0Sharp.Models.Checkpoints;

/// <summary>Element types a checkpoint can store (safetensors names in comments).</summary>
public enum TensorDType
{
    /// <summary>F64</summary>
    Float64,
    /// <summary>F32</summary>
    Float32,
    /// <summary>F16 (IEEE half)</summary>
    Float16,
    /// <summary>BF16 (bfloat16: the upper 16 bits of a float32)</summary>
    BFloat16,
    /// <summary>I64</summary>
    Int64,
    /// <summary>I32</summary>
    Int32,
    /// <summary>I16</summary>
    Int16,
    /// <summary>I8</summary>
    Int8,
    /// <summary>U8</summary>
    UInt8,
    /// <summary>BOOL (one byte per element)</summary>
    Bool,
}

/// <summary>Sizes, names and TorchSharp equivalents of <see cref="TensorDType"/>.</summary>
public static class TensorDTypes
{
    /// <summary>Bytes per element.</summary>
    public static int Size(this TensorDType t) => t switch
    {
        TensorDType.Float64 or TensorDType.Int64 => 8,
        TensorDType.Float32 or TensorDType.Int32 => 4,
        TensorDType.Float16 or TensorDType.BFloat16 or TensorDType.Int16 => 2,
        _ => 1,
    };

    /// <summary>True for the floating-point types (loaded as fp32 by default).</summary>
    public static bool IsFloatingPoint(this TensorDType t) =>
        t is TensorDType.Float64 or TensorDType.Float32 or TensorDType.Float16 or TensorDType.BFloat16;

    /// <summary>The TorchSharp element type holding the same values.</summary>
    public static torch.ScalarType ToScalarType(this TensorDType t) => t switch
    {
        TensorDType.Float64 => torch.ScalarType.Float64,
        TensorDType.Float32 => torch.ScalarType.Float32,
        TensorDType.Float16 => torch.ScalarType.Float16,
        TensorDType.BFloat16 => torch.ScalarType.BFloat16,
        TensorDType.Int64 => torch.ScalarType.Int64,
        TensorDType.Int32 => torch.ScalarType.Int32,
        TensorDType.Int16 => torch.ScalarType.Int16,
        TensorDType.Int8 => torch.ScalarType.Int8,
        TensorDType.UInt8 => torch.ScalarType.Byte,
        TensorDType.Bool => torch.ScalarType.Bool,
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };

    /// <summary>The checkpoint type for a TorchSharp element type, or null when none is supported.</summary>
    public static TensorDType? FromScalarType(torch.ScalarType s) => s switch
    {
        torch.ScalarType.Float64 => TensorDType.Float64,
        torch.ScalarType.Float32 => TensorDType.Float32,
        torch.ScalarType.Float16 => TensorDType.Float16,
        torch.ScalarType.BFloat16 => TensorDType.BFloat16,
        torch.ScalarType.Int64 => TensorDType.Int64,
        torch.ScalarType.Int32 => TensorDType.Int32,
        torch.ScalarType.Int16 => TensorDType.Int16,
        torch.ScalarType.Int8 => TensorDType.Int8,
        torch.ScalarType.Byte => TensorDType.UInt8,
        torch.ScalarType.Bool => TensorDType.Bool,
        _ => null,
    };

    /// <summary>The torch name config.json's <c>torch_dtype</c> uses ("float32", "bfloat16", ...).</summary>
    public static string TorchName(this TensorDType t) => t switch
    {
        TensorDType.Float64 => "float64",
        TensorDType.Float32 => "float32",
        TensorDType.Float16 => "float16",
        TensorDType.BFloat16 => "bfloat16",
        TensorDType.Int64 => "int64",
        TensorDType.Int32 => "int32",
        TensorDType.Int16 => "int16",
        TensorDType.Int8 => "int8",
        TensorDType.UInt8 => "uint8",
        TensorDType.Bool => "bool",
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };

    /// <summary>The safetensors header name ("F32", "BF16", ...).</summary>
    public static string SafetensorsName(this TensorDType t) => t switch
    {
        TensorDType.Float64 => "F64",
        TensorDType.Float32 => "F32",
        TensorDType.Float16 => "F16",
        TensorDType.BFloat16 => "BF16",
        TensorDType.Int64 => "I64",
        TensorDType.Int32 => "I32",
        TensorDType.Int16 => "I16",
        TensorDType.Int8 => "I8",
        TensorDType.UInt8 => "U8",
        TensorDType.Bool => "BOOL",
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };

    /// <summary>Parses a safetensors dtype name; null when the name is not one we read.</summary>
    public static TensorDType? ParseSafetensorsName(string name) => name switch
    {
        "F64" => TensorDType.Float64,
        "F32" => TensorDType.Float32,
        "F16" => TensorDType.Float16,
        "BF16" => TensorDType.BFloat16,
        "I64" => TensorDType.Int64,
        "I32" => TensorDType.Int32,
        "I16" => TensorDType.Int16,
        "I8" => TensorDType.Int8,
        "U8" => TensorDType.UInt8,
        "BOOL" => TensorDType.Bool,
        _ => null,
    };
}
