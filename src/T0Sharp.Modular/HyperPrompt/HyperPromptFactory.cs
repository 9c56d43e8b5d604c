using T0Sharp.Models.Adaptation;
using T0Sharp.Modular.Contract;
using static TorchSharp.torch;

namespace T0Sharp.Modular.HyperPrompt;

/// <summary>
/// <c>method: hyperprompt</c>. Settings: <c>prompt_length</c> (P, default 4), <c>task_dim</c> (e, task and layer
/// embeddings, default 16), <c>projector_dim</c> (h, default 32), <c>hyper_dim</c> (t, the projected task-layer
/// embedding the hypernetworks read, default 16), <c>bottleneck</c> (b, default 8), <c>sites</c> (the self-attention
/// stacks prefixed: <c>[encoder_self, decoder_self]</c> by default for encoder-decoder models, <c>[decoder_self]</c> for
/// decoder-only). Needs the run's task names (task ids come from the mixture).
/// </summary>
public sealed class HyperPromptFactory : IModularMethodFactory
{
    public string Name => "hyperprompt";
    public string Summary => "HyperPrompt (He et al. 2022): a hypernetwork turns task and layer embeddings into per-layer key/value prompts over shared global prompts";

    public IModularMethod Create(ModularContext ctx, ModularSettings s)
    {
        var dims = ModelDims.Of(ctx.Model);
        if (ctx.Tasks.Count == 0) throw s.Error("method", "hyperprompt conditions on task ids: the run needs task names (a mixture, or rendered files with \"task\")");
        var length = s.Int("prompt_length", 4, min: 1);
        var e = s.Int("task_dim", 16, min: 1);
        var h = s.Int("projector_dim", 32, min: 1);
        var t = s.Int("hyper_dim", 16, min: 1);
        var b = s.Int("bottleneck", 8, min: 1);
        var names = s.Strings("sites");
        if (names.Count == 0) names = ctx.Model.IsEncoderDecoder ? ["encoder_self", "decoder_self"] : ["decoder_self"];
        var sites = names.Select(n => n switch
        {
            "encoder_self" when ctx.Model.IsEncoderDecoder => (AttentionSite.EncoderSelf, dims.EncoderLayers),
            "decoder_self" => (AttentionSite.DecoderSelf, dims.DecoderLayers),
            _ => throw s.Error("sites", $"'{n}' is not a self-attention stack of this model (use {(ctx.Model.IsEncoderDecoder ? "encoder_self, decoder_self" : "decoder_self")})"),
        }).Distinct().ToList();
        var slots = sites.Sum(x => x.Item2);
        var width = dims.Heads * dims.HeadDim;

        using var g = ctx.NewGenerator();
        var model = ctx.Model;
        var init = new Dictionary<string, Tensor>
        {
            ["task_embeddings"] = ParameterInit.Normal([ctx.Tasks.Count, e], 1.0, g),
            ["layer_embeddings"] = ParameterInit.Normal([slots, e], 1.0, g),
            ["global_prompts"] = ctx.Initialise ? ParameterInit.FromVocabulary(ctx.Model, slots * length, g).reshape(slots, length, dims.DModel)
                : zeros(slots, length, dims.DModel),
        };
        void Linear(string name, long outF, long inF, double scale = 1)
        {
            init[name + ".weight"] = ParameterInit.LinearWeight(outF, inF, g) * scale;
            init[name + ".bias"] = zeros(outF);
        }
        Linear("projector_in", h, 2 * e);
        Linear("projector_out", t, h);
        // The generated matrices are scaled by 1/√t (hyper-adapters' rescaling) so that the first prompts are small
        // next to the model's own keys and values.
        foreach (var kv in new[] { "key", "value" })
        {
            Linear(kv + "_down", (long)b * dims.DModel, t, 1 / Math.Sqrt(t));
            Linear(kv + "_up", (long)width * b, t, 1 / Math.Sqrt(t));
        }
        var module = new HyperPromptModule(new HyperPromptShape(sites, dims.DModel, dims.Heads, dims.HeadDim, b), init, ctx.Model.Device, () => model.ComputeDtype);
        ctx.Model.Adaptation.RegisterModule(ModularModel.ModuleName, module);
        ctx.Model.Adaptation.AddPrefixProvider(module);
        return new HyperPromptMethod(module, length, string.Join(", ", names));
    }
}

internal sealed class HyperPromptMethod(HyperPromptModule module, int length, string sites) : IModularMethod
{
    public string Name => "hyperprompt";
    public ConditioningKinds ConditionsOn => ConditioningKinds.TaskId;
    public TorchSharp.torch.nn.Module Module => module;
    public string Description => $"{length} key/value prompts per layer of {sites} self-attention, generated per task";
}
