namespace T0Sharp.Data.Tokenization.Unigram;

/// <summary>
/// A byte trie mapping UTF-8 piece strings to ids, walked one byte at a time during the Viterbi search.
/// Children are kept in one open-addressing hash table keyed by (node, byte), which is compact for 250k-piece
/// vocabularies and needs one probe per byte in the common case.
/// </summary>
public sealed class PieceTrie
{
    long[] _keys;       // (parent << 8 | byte) + 1; 0 = empty slot
    int[] _children;
    int _mask;
    int _count;
    readonly List<int> _nodeValue = [-1]; // node 0 is the root

    public PieceTrie(int expectedBytes = 1024)
    {
        var cap = 1;
        while (cap < expectedBytes * 2) cap <<= 1;
        _keys = new long[cap];
        _children = new int[cap];
        _mask = cap - 1;
    }

    /// <summary>Adds <paramref name="utf8"/> → <paramref name="id"/>; a piece added twice keeps its first id.</summary>
    public void Add(ReadOnlySpan<byte> utf8, int id)
    {
        var node = 0;
        foreach (var b in utf8)
        {
            var child = Child(node, b);
            if (child < 0)
            {
                child = _nodeValue.Count;
                _nodeValue.Add(-1);
                Insert(((long)node << 8 | b) + 1, child);
            }
            node = child;
        }
        if (_nodeValue[node] < 0) _nodeValue[node] = id;
    }

    /// <summary>The child of <paramref name="node"/> along byte <paramref name="b"/>, or -1.</summary>
    public int Child(int node, byte b)
    {
        var key = ((long)node << 8 | b) + 1;
        var i = (int)(Mix(key) & (ulong)_mask);
        while (true)
        {
            var k = _keys[i];
            if (k == key) return _children[i];
            if (k == 0) return -1;
            i = (i + 1) & _mask;
        }
    }

    /// <summary>The id stored at <paramref name="node"/>, or -1 when no piece ends there.</summary>
    public int ValueAt(int node) => _nodeValue[node];

    /// <summary>The id of an exact piece, or -1.</summary>
    public int Find(ReadOnlySpan<byte> utf8)
    {
        var node = 0;
        foreach (var b in utf8) if ((node = Child(node, b)) < 0) return -1;
        return _nodeValue[node];
    }

    /// <summary>Length in bytes of the longest piece that is a prefix of <paramref name="text"/> (0 when none).</summary>
    public int LongestPrefix(ReadOnlySpan<byte> text)
    {
        int node = 0, best = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if ((node = Child(node, text[i])) < 0) break;
            if (_nodeValue[node] >= 0) best = i + 1;
        }
        return best;
    }

    static ulong Mix(long key)
    {
        var x = (ulong)key * 0x9E3779B97F4A7C15UL;
        return x ^ (x >> 29);
    }

    void Insert(long key, int child)
    {
        if ((_count + 1) * 2 > _keys.Length) Grow();
        var i = (int)(Mix(key) & (ulong)_mask);
        while (_keys[i] != 0) i = (i + 1) & _mask;
        _keys[i] = key; _children[i] = child; _count++;
    }

    void Grow()
    {
        var oldKeys = _keys; var oldChildren = _children;
        _keys = new long[oldKeys.Length * 2]; _children = new int[oldKeys.Length * 2]; _mask = _keys.Length - 1; _count = 0;
        for (var i = 0; i < oldKeys.Length; i++) if (oldKeys[i] != 0) Insert(oldKeys[i], oldChildren[i]);
    }
}
