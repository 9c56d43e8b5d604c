using T0Sharp.Data.Tasks;
using T0Sharp.Prompts.Templates;

namespace T0Sharp.Data.Mixtures.Xp3;

/// <summary>What the xP3 mixtures read besides the data: the lists and the two prompt collections.</summary>
public sealed record Xp3Sources(Xp3DatasetList Lists, ITemplateProvider EnglishPrompts, ITemplateProvider MtPrompts)
{
    /// <summary>The bundled ones (assets/promptsource/xp3), or those of a folder laid out the same way
    /// (<c>tr13/templates</c>, <c>xp3mt/templates</c> and the three csv files).</summary>
    public static Xp3Sources Load(string? folder = null)
    {
        var root = folder ?? T0Sharp.Core.BuiltInAssets.Xp3;
        return new Xp3Sources(Xp3DatasetList.Load(root),
            new PromptCollectionProvider(TemplateCollection.Load(Path.Combine(root, "tr13", "templates"))),
            new PromptCollectionProvider(TemplateCollection.Load(Path.Combine(root, "xp3mt", "templates"))));
    }
}
