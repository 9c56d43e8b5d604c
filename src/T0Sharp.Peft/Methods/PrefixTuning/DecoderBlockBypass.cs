using T0Sharp.Models.Adaptation;
using static TorchSharp.torch;

namespace T0Sharp.Peft.Methods.PrefixTuning;

/// <summary>
/// Makes one sub-layer of a T5 decoder block contribute nothing (its residual branch returns zeros), so the block is an
/// identity. Used only to reproduce what PEFT computes for a prefix adapter whose num_layers is smaller than the
/// decoder's depth: transformers' T5Stack zips its blocks with past_key_values, so it runs only num_layers decoder
/// blocks (PEFT's default num_layers is the encoder's depth, e.g. 2 for an mT0 with a 3-block decoder).
/// </summary>
internal sealed class DecoderBlockBypass : IModuleAdapter
{
    public string Method => "prefix-decoder-truncation";
    public void Attach(AdapterSlot slot) { }
    public Tensor TransformOutput(AdapterSlot slot, Tensor input, Tensor output, AdapterCall call) => zeros_like(output);
}
