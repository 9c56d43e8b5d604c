using System.Text.RegularExpressions;
using T0Sharp.Models;
using T0Sharp.Peft;
using T0Sharp.Training.Loop;
using T0Sharp.Training.Options;

namespace T0Sharp.Training.Setup;

/// <summary>
/// Trains a Hugging Face PEFT adapter from a config's <c>peft:</c> section (PEFT's field names; <c>preset: t-few</c>
/// for t-few's (IA)^3): applied to the freshly loaded base model with run.seed, base frozen; checkpoints hold the
/// adapter folder as PEFT saves it (plus the task names, for Poly), resumed bit-exactly.
/// </summary>
public sealed partial class PeftAdapterFactory(Func<string, IReadOnlyList<int>>? tokenize = null) : IAdapterFactory
{
    const string Source = "peft";

    public ITrainedAdapter? Create(ILanguageModel model, TrainOptions o, IReadOnlyList<string> taskNames)
    {
        if (o.Peft.IsEmpty) return null;
        try
        {
            var config = PeftSetup.ParseConfig(o.Peft.ToJson(), Source);
            var peft = PeftSetup.Apply(model, config, new PeftApplyOptions(o.Run.Seed, o.Model.InitFrom, tokenize, taskNames));
            if (o.Data.Pack && (model.Adaptation.HasInputPrompt || model.Adaptation.HasPrefix))
                throw new OptionsException($"{o.Peft.SourceOf("peft_type")}: {config.PeftType} adds positions every example needs its own copy of; set data.pack: false");
            return new TrainedPeft(peft);
        }
        catch (InvalidDataException e) { throw new OptionsException(WithLine(e.Message, o.Peft)); }
    }

    /// <summary>PEFT's messages name the field ("peft: \"r\": ..."); point at the line that set it.</summary>
    static string WithLine(string message, AdapterSection section)
    {
        var m = FieldMessage().Match(message);
        return m.Success ? $"{section.SourceOf(m.Groups[1].Value)}: peft.{m.Groups[1].Value}{message[m.Length..]}" : message;
    }

    [GeneratedRegex("^peft: \"([^\"]+)\"")]
    private static partial Regex FieldMessage();

    sealed class TrainedPeft(PeftModel peft) : ITrainedAdapter
    {
        public string Description => peft.Description;
        public void Save(string dir) => peft.Save(dir);
        public void Load(string dir) => peft.LoadWeights(dir);
    }
}
