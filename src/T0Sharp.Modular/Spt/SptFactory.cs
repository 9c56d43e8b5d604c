using T0Sharp.Modular.Contract;

namespace T0Sharp.Modular.Spt;

/// <summary>
/// <c>method: spt</c>. Settings: <c>prompt_length</c> (P, default 10), <c>bank_size</c> (M memory prompts, default 16),
/// <c>top_k</c> (default 2, at most M), <c>pooling</c> (<c>mean</c>, default, or <c>max</c>) of the instruction's
/// embeddings, <c>own_prompt</c> (<c>shared</c>, default; <c>per_task</c>, unknown tasks get the mean; <c>none</c>),
/// <c>combine</c> (<c>add</c>, default, or <c>concat</c>). Every tensor starts from sampled vocabulary embeddings.
/// </summary>
public sealed class SptFactory : IModularMethodFactory
{
    public string Name => "spt";
    public string Summary => "SPT: soft prompts retrieved from a memory bank by the embedding of the discrete prompt (instruction)";

    public IModularMethod Create(ModularContext ctx, ModularSettings s)
    {
        var dims = ModelDims.Of(ctx.Model);
        var length = s.Int("prompt_length", 10, min: 1);
        var bank = s.Int("bank_size", 16, min: 1);
        var k = s.Int("top_k", Math.Min(2, bank), min: 1);
        if (k > bank) throw s.Error("top_k", $"{k} is more than bank_size {bank}");
        var maxPool = s.String("pooling", "mean", "mean", "max") == "max";
        var own = s.String("own_prompt", "shared", "shared", "per_task", "none");
        if (own == "per_task" && ctx.Tasks.Count == 0) throw s.Error("own_prompt", "per_task needs the run's task names");
        var concat = s.String("combine", "add", "add", "concat") == "concat";
        if (concat && own == "none") throw s.Error("combine", "concat joins the retrieved prompt to the own prompt; own_prompt is none");

        using var g = ctx.NewGenerator();
        TorchSharp.torch.Tensor Rows(long n) => ctx.Initialise ? ParameterInit.FromVocabulary(ctx.Model, n, g) : TorchSharp.torch.zeros(n, dims.DModel);
        var keys = Rows(bank);
        var prompts = Rows(bank * length).reshape(bank, length, dims.DModel);
        var ownPrompts = own == "none" ? null : Rows((own == "per_task" ? ctx.Tasks.Count : 1) * length).reshape(-1, length, dims.DModel);
        var model = ctx.Model;
        var module = new SptModule(keys, prompts, ownPrompts, k, maxPool, concat, own == "per_task", ctx.Tasks, () => ModelDims.Embeddings(model), model.Device);
        model.Adaptation.RegisterModule(ModularModel.ModuleName, module);
        model.Adaptation.AddPromptProvider(module);
        return new SptMethod(module, bank, length, own);
    }
}

internal sealed class SptMethod(SptModule module, int bank, int length, string own) : IModularMethod
{
    public string Name => "spt";
    public ConditioningKinds ConditionsOn => ConditioningKinds.Instruction | (module.PerTask ? ConditioningKinds.TaskId : ConditioningKinds.None);
    public TorchSharp.torch.nn.Module Module => module;
    public string Description =>
        $"memory bank of {bank} prompts of {length} tokens, top-{module.TopK} by {(module.MaxPool ? "max" : "mean")}-pooled instruction, own prompt {own}" +
        (module.Concat ? " (concatenated)" : " (added)");
}
