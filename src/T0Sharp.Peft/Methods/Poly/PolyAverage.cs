using T0Sharp.Models.Checkpoints;
using T0Sharp.Peft.Checkpoints;
using T0Sharp.Peft.Config;
using static TorchSharp.torch;

namespace T0Sharp.Peft.Methods.Poly;

/// <summary>
/// Poly-μ (MHR-μ): discard the router and average each layer's skills. The average is itself a LoRA of rank r with
/// lora_A = mean_s A reshaped (in, r), transposed, lora_B = mean_s B reshaped (r, out), transposed and scale 1/r
/// (lora_alpha 1), so it is saved as a plain PEFT LoRA adapter that PEFT loads and that fine-tunes like any LoRA.
/// <see cref="PeftModel.AverageSkills"/> computes the same average in place.
/// </summary>
public static class PolyAverage
{
    /// <summary>The LoRA config and tensors (PEFT keys) equal to the average of <paramref name="poly"/>'s skills.</summary>
    public static (LoraConfig Config, IReadOnlyList<(string Key, Tensor Tensor)> Tensors) ToLora(PeftModel poly)
    {
        if (poly.Config is not PolyConfig c || poly.Adapter is not LayerAdapterSet set)
            throw new InvalidOperationException($"Poly-μ averages a Poly adapter's skills; this adapter is {poly.Config.PeftType}");
        var tensors = new List<(string, Tensor)>();
        using (no_grad())
        {
            foreach (var (target, _) in set.Layers)
            {
                long inF = target.Linear.InFeatures, outF = target.Linear.OutFeatures;
                var a = LayerAdapterSet.Find(target.Linear, "poly_lora_A").mean([1]).reshape(inF, c.R);                      // (in, r)
                var b = LayerAdapterSet.Find(target.Linear, "poly_lora_B").mean([1]).transpose(0, 1).reshape(c.R, outF);     // (r, out)
                tensors.Add((AdapterTensor.ModelPrefix + target.Name + ".lora_A.weight", a.t().contiguous().DetachFromDisposeScope()));
                tensors.Add((AdapterTensor.ModelPrefix + target.Name + ".lora_B.weight", b.t().contiguous().DetachFromDisposeScope()));
            }
            foreach (var t in poly.ModulesToSave?.Tensors ?? [])
                tensors.Add((t.Key, t.Read().clone().DetachFromDisposeScope()));
        }
        var lora = new LoraConfig
        {
            R = c.R, LoraAlpha = 1, TargetModules = c.TargetModules, ModulesToSave = c.ModulesToSave, TaskType = c.TaskType,
            BaseModelNameOrPath = c.BaseModelNameOrPath, Revision = c.Revision,
        };
        return (lora, tensors);
    }

    /// <summary>Writes the averaged adapter as a PEFT LoRA folder.</summary>
    public static void SaveAsLora(PeftModel poly, string dir)
    {
        var (config, tensors) = ToLora(poly);
        try
        {
            Directory.CreateDirectory(dir);
            SafetensorsWriter.Write(Path.Combine(dir, AdapterCheckpoint.WeightsFile), tensors,
                metadata: new Dictionary<string, string> { ["format"] = "pt" });
            (config with { InferenceMode = true }).Save(dir);
        }
        finally
        {
            foreach (var (_, t) in tensors) t.Dispose();
        }
    }
}
