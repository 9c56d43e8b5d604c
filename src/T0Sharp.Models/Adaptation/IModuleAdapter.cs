using static TorchSharp.torch;

namespace T0Sharp.Models.Adaptation;

/// <summary>What an adapter sees of the call it takes part in: dropout on or off, and the batch's conditioning.</summary>
public readonly record struct AdapterCall(bool Training, Conditioning? Conditioning);

/// <summary>
/// An adapter hosted by a module of the model (an <see cref="Layers.AdaptableLinear"/> projection or a feed-forward
/// sub-layer, see <see cref="IAdapterHost"/>). It may change the host's input before the host computes (IA3 on
/// feed-forward layers scales the input) and the host's output after (LoRA adds B·A·x, IA3 scales, bottleneck adapters
/// add f(y), Poly mixes skills per task). Its tensors are registered on the host (<see cref="AdapterSlot.RegisterModule"/>,
/// <see cref="AdapterSlot.RegisterParameter"/>) under the names its checkpoint format uses, so that the model's
/// <c>named_parameters()</c> show e.g. <c>encoder.block.0.layer.0.SelfAttention.q.lora_A.weight</c> as PEFT names it.
/// </summary>
public interface IModuleAdapter
{
    /// <summary>The method's name, as in messages and <c>adapters info</c> (e.g. "lora", "ia3").</summary>
    string Method { get; }

    /// <summary>Registers the adapter's tensors on its host; called once, by <see cref="AdapterSlot.Add"/>.</summary>
    void Attach(AdapterSlot slot);

    /// <summary>The input the host computes with. <paramref name="input"/> is the host's (possibly already transformed) input.</summary>
    Tensor TransformInput(AdapterSlot slot, Tensor input, AdapterCall call) => input;

    /// <summary>The host's output after this adapter. <paramref name="input"/> is the host's original input.</summary>
    Tensor TransformOutput(AdapterSlot slot, Tensor input, Tensor output, AdapterCall call);
}

/// <summary>A module that can host adapters: projections (<see cref="Layers.AdaptableLinear"/>) and feed-forward sub-layers.</summary>
public interface IAdapterHost
{
    AdapterSlot Adapters { get; }
}
