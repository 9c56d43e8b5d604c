using static TorchSharp.torch;

namespace T0Sharp.Models.Checkpoints;

/// <summary>
/// Keeps a loaded storage only while some tensor sharing it has not been loaded yet, so tied weights come back
/// as views of one storage without the checkpoint pinning memory after every sharer has been handed out.
/// </summary>
internal sealed class StorageCache : IDisposable
{
    readonly Dictionary<string, int> _users;
    readonly Dictionary<(string Key, ScalarType Type, string Device), (Tensor Storage, int Remaining)> _live = [];
    readonly object _lock = new();

    /// <param name="users">How many tensors view each storage key.</param>
    public StorageCache(Dictionary<string, int> users) => _users = users;

    /// <summary>
    /// The storage for <paramref name="key"/>, loading it with <paramref name="load"/> when not held. The caller
    /// owns (and must dispose) the returned handle; the storage memory lives as long as any view of it.
    /// </summary>
    public Tensor Get(string key, ScalarType type, Device device, Func<Tensor> load)
    {
        lock (_lock)
        {
            var id = (key, type, device.ToString());
            if (_live.TryGetValue(id, out var held))
            {
                var handle = held.Storage.alias();
                if (held.Remaining <= 1)
                {
                    held.Storage.Dispose();
                    _live.Remove(id);
                }
                else _live[id] = (held.Storage, held.Remaining - 1);
                return handle;
            }
            var storage = load();
            var sharers = _users.GetValueOrDefault(key, 1);
            if (sharers <= 1) return storage;
            var kept = storage.alias().DetachFromDisposeScope();
            _live[id] = (kept, sharers - 1);
            return storage;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var (storage, _) in _live.Values) storage.Dispose();
            _live.Clear();
        }
    }
}
