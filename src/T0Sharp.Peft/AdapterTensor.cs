using static TorchSharp.torch;

namespace T0Sharp.Peft;

/// <summary>
/// One tensor of an adapter file: its key in adapter_model.safetensors (PEFT's, e.g.
/// <c>base_model.model.encoder.block.0.layer.0.SelfAttention.q.lora_A.weight</c> or <c>prompt_embeddings</c>), its
/// shape, how to read its current value (a detached view or a computed tensor) and how to overwrite it from a file.
/// </summary>
public sealed record AdapterTensor(string Key, long[] Shape, Func<Tensor> Read, Action<Tensor> Write)
{
    /// <summary>PEFT's prefix for tensors that live inside the base model (the adapter name is stripped, as PEFT saves).</summary>
    public const string ModelPrefix = "base_model.model.";

    /// <summary>A tensor that is a model parameter under <paramref name="runtimeName"/>, saved as base_model.model.&lt;name&gt;.</summary>
    public static AdapterTensor ForParameter(string runtimeName, Func<Tensor> parameter) => new(
        ModelPrefix + runtimeName, parameter().shape,
        () => parameter().detach(),
        value => { using var _ = no_grad(); parameter().copy_(value); });
}
