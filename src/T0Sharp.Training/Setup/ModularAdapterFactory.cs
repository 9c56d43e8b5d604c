using T0Sharp.Models;
using T0Sharp.Models.Adaptation;
using T0Sharp.Modular;
using T0Sharp.Modular.Contract;
using T0Sharp.Training.Loop;
using T0Sharp.Training.Options;

namespace T0Sharp.Training.Setup;

/// <summary>
/// Trains a task-conditioned method from a config's <c>modular:</c> section (<c>method:</c> names it in the
/// <see cref="ModularRegistry"/>, the other keys are its settings): the run's tasks become the method's task table
/// (task id = mixture order; each task's instruction inferred from its rendered inputs, <see cref="InstructionText"/>),
/// the method is attached with run.seed and the base frozen; checkpoints hold the modular folder
/// (<see cref="ModularFolder"/>), resumed bit-exactly.
/// </summary>
public sealed class ModularAdapterFactory(Func<string, IReadOnlyList<int>>? tokenize = null, ModularRegistry? registry = null) : IAdapterFactory
{
    readonly ModularRegistry _registry = registry ?? ModularRegistry.CreateDefault();

    public ITrainedAdapter? Create(ILanguageModel model, TrainOptions o, IReadOnlyList<string> taskNames)
    {
        if (o.Modular.IsEmpty) return null;
        if (!o.Peft.IsEmpty) throw new OptionsException($"{o.Modular.SourceOf("method")}: a run trains one adapter: give a peft: or a modular: section, not both");
        if (o.Data.Pack) throw new OptionsException($"{o.Modular.SourceOf("method")}: modular methods condition each example on its own task and add prompt or prefix positions: set data.pack: false");
        try
        {
            var samples = TaskSampleInputs.For(o, taskNames);
            var tasks = TaskTable.Build(taskNames, n => samples.TryGetValue(n, out var s) ? s : [], tokenize);
            var modular = ModularModel.Create(model, o.Modular.ToJson(), _registry, tasks, o.Run.Seed, tokenize, BaseDir(o.Modular), o.Modular.SourceOf);
            AdaptationPoints.FreezeBase(model);
            return new TrainedModular(modular);
        }
        catch (InvalidDataException e) { throw new OptionsException(e.Message); }
        catch (FileNotFoundException e) { throw new OptionsException(e.Message); }
    }

    /// <summary>The folder of the config file that set the section (relative paths in it resolve there).</summary>
    static string? BaseDir(AdapterSection section)
    {
        var source = section.SourceOf("method");
        var colon = source.LastIndexOf(':');
        var file = colon > 0 ? source[..colon] : source;
        return File.Exists(file) ? Path.GetDirectoryName(Path.GetFullPath(file)) : null;
    }

    sealed class TrainedModular(ModularModel modular) : ITrainedAdapter
    {
        public string Description => modular.Description;
        public void Save(string dir) => modular.Save(dir);
        public void Load(string dir) => modular.LoadWeights(dir);
    }
}
