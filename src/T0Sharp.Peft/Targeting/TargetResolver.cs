using T0Sharp.Models;
using T0Sharp.Models.Layers;
using T0Sharp.Peft.Config;

namespace T0Sharp.Peft.Targeting;

/// <summary>A linear projection a method adapts, with its state-dict name.</summary>
public sealed record TargetModule(string Name, AdaptableLinear Linear);

/// <summary>
/// Applies <see cref="TargetMatcher"/> to every module of a model. Unlike PEFT 0.9.0 (which fails only when nothing at
/// all matches), every entry of a target list must match at least one module, so that a misspelt or inapplicable name
/// (t-few's <c>wi_1</c> on a T5 v1.0 model, issues #23/#26) is an error naming it rather than a silently missing adapter.
/// </summary>
public static class TargetResolver
{
    public static IReadOnlyList<TargetModule> Resolve(ILanguageModel model, TargetSpec targets, string source, string method,
        LayerSelection? layers = null, LayersPattern? pattern = null)
    {
        var matched = new List<TargetModule>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, module) in model.Module.named_modules())
        {
            if (name.Length == 0) continue;
            if (TargetMatcher.Match(targets, name, layers, pattern) is not { } entry) continue;
            if (module is not AdaptableLinear linear)
                throw new InvalidDataException($"{source}: \"target_modules\" entry \"{entry}\" matches {name}, which is not a linear layer; " +
                    $"{method} adapts linear layers ({LinearNames(model)})");
            matched.Add(new TargetModule(name, linear));
            used.Add(entry);
        }
        if (targets.Regex is { } regex && matched.Count == 0)
            throw new InvalidDataException($"{source}: \"target_modules\" regular expression \"{regex}\" matches no module of this " +
                $"{model.Config.ModelType} model (it must match a whole name such as {Example(model)}); the linear layers are {LinearNames(model)}");
        if (targets.Names is { } names)
            foreach (var n in names)
                if (!used.Contains(n))
                    throw new InvalidDataException($"{source}: \"target_modules\" entry \"{n}\" matches no module of this {model.Config.ModelType} model" +
                        (layers is null ? "" : $" in layers [{string.Join(", ", layers.Indexes)}]") + $"; the linear layers are {LinearNames(model)}");
        return matched;
    }

    /// <summary>The distinct last name components of the model's linear layers (q, k, v, o, wi_0, ...).</summary>
    public static string LinearNames(ILanguageModel model) => string.Join(", ", model.Module.named_modules()
        .Where(m => m.module is AdaptableLinear).Select(m => m.name[(m.name.LastIndexOf('.') + 1)..]).Distinct());

    static string Example(ILanguageModel model) =>
        model.Module.named_modules().FirstOrDefault(m => m.module is AdaptableLinear).name ?? "encoder.block.0.layer.0.SelfAttention.q";
}
