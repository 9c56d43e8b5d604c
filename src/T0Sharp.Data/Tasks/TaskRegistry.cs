namespace T0Sharp.Data.Tasks;

/// <summary>A registry of tasks by name (an instance passed around, never global state).</summary>
public sealed class TaskRegistry
{
    readonly Dictionary<string, ITask> _tasks = new(StringComparer.Ordinal);
    readonly List<string> _order = [];

    /// <summary>Task names in the order they were added.</summary>
    public IReadOnlyList<string> Names => _order;

    public int Count => _order.Count;

    /// <summary>Adds a task; a second task with the same name is an error.</summary>
    public void Add(ITask task)
    {
        if (!_tasks.TryAdd(task.Name, task))
            throw new ArgumentException($"task '{task.Name}' is already registered");
        _order.Add(task.Name);
    }

    public bool Contains(string name) => _tasks.ContainsKey(name);

    public bool TryGet(string name, out ITask task) => _tasks.TryGetValue(name, out task!);

    /// <summary>The task, or an error listing the closest names.</summary>
    public ITask Get(string name) =>
        _tasks.TryGetValue(name, out var t) ? t : throw new KeyNotFoundException(TaskNames.Unknown("task", name, _order));

    public IEnumerable<ITask> All => _order.Select(n => _tasks[n]);
}
