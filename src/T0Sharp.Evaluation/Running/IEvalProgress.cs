using T0Sharp.Evaluation.Suites;

namespace T0Sharp.Evaluation.Running;

/// <summary>Receives progress from <see cref="Evaluator"/> (a console display, a log, or nothing).</summary>
public interface IEvalProgress
{
    /// <summary>A task starts: <paramref name="total"/> (template, example) items, <paramref name="alreadyDone"/> of them resumed.</summary>
    void TaskStarted(EvalTask task, int templates, int total, int alreadyDone);
    void Advanced(EvalTask task, int items);
    void TaskFinished(EvalTask task);
    void Message(string text);
}

/// <summary>Progress as plain lines (for logs and non-interactive terminals).</summary>
public sealed class TextProgress(TextWriter writer) : IEvalProgress
{
    int _done, _total;
    DateTime _lastPrint = DateTime.MinValue;

    public void TaskStarted(EvalTask task, int templates, int total, int alreadyDone)
    {
        (_done, _total) = (alreadyDone, total);
        writer.WriteLine($"[{task.Name}] {templates} templates, {total} items{(alreadyDone > 0 ? $" ({alreadyDone} resumed)" : "")}");
    }

    public void Advanced(EvalTask task, int items)
    {
        _done += items;
        if ((DateTime.UtcNow - _lastPrint).TotalSeconds < 5 && _done < _total) return;
        _lastPrint = DateTime.UtcNow;
        writer.WriteLine($"[{task.Name}] {_done}/{_total}");
    }

    public void TaskFinished(EvalTask task) => writer.WriteLine($"[{task.Name}] done");
    public void Message(string text) => writer.WriteLine(text);
}

public sealed class NullProgress : IEvalProgress
{
    public static readonly NullProgress Instance = new();
    public void TaskStarted(EvalTask task, int templates, int total, int alreadyDone) { }
    public void Advanced(EvalTask task, int items) { }
    public void TaskFinished(EvalTask task) { }
    public void Message(string text) { }
}
