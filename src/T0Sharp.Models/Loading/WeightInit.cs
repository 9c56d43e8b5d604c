using TorchSharp;
using T0Sharp.Models.Bloom;
using T0Sharp.Models.T5;
using static TorchSharp.torch;

namespace T0Sharp.Models.Loading;

/// <summary>Random initialisation as Hugging Face's <c>_init_weights</c> does it for each family (for training from scratch and tests).</summary>
public static class WeightInit
{
    public static void Apply(ILanguageModel model, long? seed)
    {
        using var _ = no_grad();
        torch.Generator? gen = seed is { } s ? new torch.Generator((ulong)s) : null;
        foreach (var (name, p) in Adaptation.AdaptationPoints.BaseParameters(model))
        {
            switch (model.Config)
            {
                case T5Config c: InitT5(name, p, c, gen); break;
                case BloomConfig c: InitBloom(name, p, c, gen); break;
            }
        }
        gen?.Dispose();
    }

    static void InitT5(string name, Tensor p, T5Config c, torch.Generator? gen)
    {
        double f = c.InitializerFactor;
        if (name.EndsWith("layer_norm.weight", StringComparison.Ordinal)) { p.fill_(f); return; }
        double std = name switch
        {
            "shared.weight" or "lm_head.weight" => f,
            _ when name.EndsWith(".q.weight", StringComparison.Ordinal) => f * Math.Pow(c.DModel * c.DKv, -0.5),
            _ when name.EndsWith(".k.weight", StringComparison.Ordinal) || name.EndsWith(".v.weight", StringComparison.Ordinal) => f * Math.Pow(c.DModel, -0.5),
            _ when name.EndsWith(".o.weight", StringComparison.Ordinal) => f * Math.Pow(c.NumHeads * c.DKv, -0.5),
            _ when name.EndsWith("relative_attention_bias.weight", StringComparison.Ordinal) => f * Math.Pow(c.DModel, -0.5),
            _ when name.EndsWith(".wo.weight", StringComparison.Ordinal) => f * Math.Pow(c.DFf, -0.5),
            _ => f * Math.Pow(c.DModel, -0.5), // wi, wi_0, wi_1
        };
        p.normal_(0, std, gen); // Tensor.normal_ honours the generator; TorchSharp's nn.init.normal_ ignores it
    }

    static void InitBloom(string name, Tensor p, BloomConfig c, torch.Generator? gen)
    {
        bool isNorm = name.Contains("layernorm") || name.Contains("ln_f");
        if (name.EndsWith(".bias", StringComparison.Ordinal)) p.zero_();
        else if (isNorm) p.fill_(1.0);
        else p.normal_(0, c.InitializerRange, gen);
    }
}
