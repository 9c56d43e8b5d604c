using System.Buffers.Binary;
using System.Text;

namespace T0Sharp.Models.Checkpoints.Pickle;

/// <summary>
/// A pickle reader that understands the data opcodes of protocols 2-5 (what torch.save writes) and executes
/// nothing: a GLOBAL must be on the caller's whitelist, REDUCE and BINPERSID are handed to the caller's
/// functions, which build plain C# values. Every length and index is checked against the input before use,
/// so corrupt input gives <see cref="InvalidDataException"/> (wrapped by callers), never a huge allocation.
/// </summary>
internal sealed class RestrictedUnpickler
{
    readonly byte[] _data;
    readonly Func<string, string, bool> _allowGlobal;
    readonly Func<PickleGlobal, PickleTuple, object?> _reduce;
    readonly Func<object?, object?> _persistentLoad;
    readonly List<object?> _stack = [];
    readonly Stack<int> _marks = new();
    readonly Dictionary<long, object?> _memo = [];
    int _pos;

    RestrictedUnpickler(byte[] data, Func<string, string, bool> allowGlobal,
        Func<PickleGlobal, PickleTuple, object?> reduce, Func<object?, object?> persistentLoad)
    {
        _data = data;
        _allowGlobal = allowGlobal;
        _reduce = reduce;
        _persistentLoad = persistentLoad;
    }

    /// <summary>
    /// Runs the pickle in <paramref name="data"/> to its STOP opcode and returns the top value.
    /// <paramref name="allowGlobal"/> decides which <c>module.name</c> globals may appear;
    /// <paramref name="reduce"/> applies one of them to its argument tuple;
    /// <paramref name="persistentLoad"/> resolves BINPERSID ids.
    /// </summary>
    public static object? Load(byte[] data, Func<string, string, bool> allowGlobal,
        Func<PickleGlobal, PickleTuple, object?> reduce, Func<object?, object?> persistentLoad) =>
        new RestrictedUnpickler(data, allowGlobal, reduce, persistentLoad).Run();

    object? Run()
    {
        while (true)
        {
            var at = _pos;
            var op = ReadByte();
            try
            {
                if (Step(op)) return Pop();
            }
            catch (InvalidDataException e) when (!e.Message.StartsWith("pickle byte ", StringComparison.Ordinal))
            {
                throw new InvalidDataException($"pickle byte {at} (opcode 0x{op:x2}): {e.Message}", e);
            }
        }
    }

    /// <summary>Executes one opcode; true at STOP.</summary>
    bool Step(byte op)
    {
        switch (op)
        {
            case 0x80: // PROTO
                var proto = ReadByte();
                if (proto > 5) throw new InvalidDataException($"unsupported pickle protocol {proto}");
                break;
            case 0x95: Take(8); break; // FRAME: framing hint only
            case (byte)'.': return true; // STOP
            case (byte)'(': _marks.Push(_stack.Count); break; // MARK
            case (byte)'0': Pop(); break; // POP
            case (byte)'1': PopMark(); break; // POP_MARK
            case (byte)'2': Push(Peek()); break; // DUP
            case (byte)'N': Push(null); break;
            case 0x88: Push(true); break; // NEWTRUE
            case 0x89: Push(false); break; // NEWFALSE
            case (byte)'J': Push((long)BinaryPrimitives.ReadInt32LittleEndian(Take(4))); break; // BININT
            case (byte)'K': Push((long)ReadByte()); break; // BININT1
            case (byte)'M': Push((long)BinaryPrimitives.ReadUInt16LittleEndian(Take(2))); break; // BININT2
            case 0x8a: Push(ReadLong(ReadByte())); break; // LONG1
            case 0x8b: Push(ReadLong(BinaryPrimitives.ReadInt32LittleEndian(Take(4)))); break; // LONG4
            case (byte)'G': Push(BinaryPrimitives.ReadDoubleBigEndian(Take(8))); break; // BINFLOAT
            case (byte)'X': Push(Utf8(ReadLength(4))); break; // BINUNICODE
            case 0x8c: Push(Utf8(ReadByte())); break; // SHORT_BINUNICODE
            case 0x8d: Push(Utf8(ReadLength(8))); break; // BINUNICODE8
            case (byte)'T': Push(Encoding.Latin1.GetString(Take(ReadLength(4)))); break; // BINSTRING
            case (byte)'U': Push(Encoding.Latin1.GetString(Take(ReadByte()))); break; // SHORT_BINSTRING
            case (byte)'B': Push(new PickleBytes(Take(ReadLength(4)).ToArray())); break; // BINBYTES
            case (byte)'C': Push(new PickleBytes(Take(ReadByte()).ToArray())); break; // SHORT_BINBYTES
            case 0x8e: Push(new PickleBytes(Take(ReadLength(8)).ToArray())); break; // BINBYTES8
            case (byte)')': Push(new PickleTuple([])); break; // EMPTY_TUPLE
            case (byte)'t': Push(new PickleTuple(PopMark())); break; // TUPLE
            case 0x85: Push(new PickleTuple(PopN(1))); break; // TUPLE1
            case 0x86: Push(new PickleTuple(PopN(2))); break; // TUPLE2
            case 0x87: Push(new PickleTuple(PopN(3))); break; // TUPLE3
            case (byte)']': Push(new List<object?>()); break; // EMPTY_LIST
            case (byte)'l': Push(new List<object?>(PopMark())); break; // LIST
            case (byte)'a': AsList(Peek(1)).Add(Pop()); break; // APPEND
            case (byte)'e': { var items = PopMark(); AsList(Peek()).AddRange(items); break; } // APPENDS
            case (byte)'}': Push(new PickleDict()); break; // EMPTY_DICT
            case (byte)'d': { var d = new PickleDict(); SetItems(d, PopMark()); Push(d); break; } // DICT
            case (byte)'s': { var v = Pop(); var k = Pop(); AsDict(Peek()).Set(k, v); break; } // SETITEM
            case (byte)'u': { var items = PopMark(); SetItems(AsDict(Peek()), items); break; } // SETITEMS
            case (byte)'q': _memo[ReadByte()] = Peek(); break; // BINPUT
            case (byte)'r': _memo[BinaryPrimitives.ReadUInt32LittleEndian(Take(4))] = Peek(); break; // LONG_BINPUT
            case 0x94: _memo[_memo.Count] = Peek(); break; // MEMOIZE
            case (byte)'h': Push(MemoGet(ReadByte())); break; // BINGET
            case (byte)'j': Push(MemoGet(BinaryPrimitives.ReadUInt32LittleEndian(Take(4)))); break; // LONG_BINGET
            case (byte)'c': Push(Global(ReadLine(), ReadLine())); break; // GLOBAL
            case 0x93: // STACK_GLOBAL
            {
                var name = Pop() as string ?? throw new InvalidDataException("STACK_GLOBAL name is not a string");
                var module = Pop() as string ?? throw new InvalidDataException("STACK_GLOBAL module is not a string");
                Push(Global(module, name));
                break;
            }
            case (byte)'Q': Push(_persistentLoad(Pop())); break; // BINPERSID
            case (byte)'R': // REDUCE
            {
                var args = Pop() as PickleTuple ?? throw new InvalidDataException("REDUCE arguments are not a tuple");
                var callable = Pop() as PickleGlobal ?? throw new InvalidDataException("REDUCE target is not a whitelisted global");
                Push(_reduce(callable, args));
                break;
            }
            case (byte)'b': // BUILD: object state; the values we build carry no state we need
            {
                Pop();
                if (Peek() is not (PickleDict or TorchTensorRef))
                    throw new InvalidDataException($"BUILD on a {Describe(Peek())}, which is not a dict or tensor");
                break;
            }
            default:
                throw new InvalidDataException($"opcode 0x{op:x2} ('{(op is >= 0x20 and < 0x7f ? (char)op : '?')}') is not allowed in a state dict");
        }
        return false;
    }

    PickleGlobal Global(string module, string name)
    {
        if (!_allowGlobal(module, name))
            throw new InvalidDataException($"the pickle asks for global '{module}.{name}', which is not a tensor or state-dict type; refusing to load it");
        return new PickleGlobal(module, name);
    }

    static void SetItems(PickleDict d, object?[] items)
    {
        if (items.Length % 2 != 0) throw new InvalidDataException("odd number of items for a dict");
        for (var i = 0; i < items.Length; i += 2) d.Set(items[i], items[i + 1]);
    }

    object? MemoGet(long index) =>
        _memo.TryGetValue(index, out var v) ? v : throw new InvalidDataException($"memo entry {index} was never stored");

    static List<object?> AsList(object? o) => o as List<object?> ?? throw new InvalidDataException($"append to a {Describe(o)}");
    static PickleDict AsDict(object? o) => o as PickleDict ?? throw new InvalidDataException($"set item on a {Describe(o)}");
    internal static string Describe(object? o) => o switch { null => "None", PickleGlobal g => $"global {g}", _ => o.GetType().Name };

    void Push(object? o) => _stack.Add(o);

    object? Peek(int depth = 0)
    {
        var i = _stack.Count - 1 - depth;
        if (i < (_marks.Count > 0 ? _marks.Peek() : 0)) throw new InvalidDataException("stack underflow");
        return _stack[i];
    }

    object? Pop()
    {
        var v = Peek();
        _stack.RemoveAt(_stack.Count - 1);
        return v;
    }

    object?[] PopN(int n)
    {
        var floor = _marks.Count > 0 ? _marks.Peek() : 0;
        if (_stack.Count - n < floor) throw new InvalidDataException("stack underflow");
        var items = _stack.GetRange(_stack.Count - n, n).ToArray();
        _stack.RemoveRange(_stack.Count - n, n);
        return items;
    }

    object?[] PopMark()
    {
        if (_marks.Count == 0) throw new InvalidDataException("no MARK on the stack");
        var start = _marks.Pop();
        var items = _stack.GetRange(start, _stack.Count - start).ToArray();
        _stack.RemoveRange(start, _stack.Count - start);
        return items;
    }

    byte ReadByte() => Take(1)[0];

    ReadOnlySpan<byte> Take(long n)
    {
        if (n < 0 || n > _data.Length - _pos)
            throw new InvalidDataException($"pickle byte {_pos}: needs {n} more bytes but the pickle ends at byte {_data.Length} (truncated)");
        var span = _data.AsSpan(_pos, (int)n);
        _pos += (int)n;
        return span;
    }

    long ReadLength(int width)
    {
        var n = width == 4 ? BinaryPrimitives.ReadUInt32LittleEndian(Take(4)) : (long)BinaryPrimitives.ReadUInt64LittleEndian(Take(8));
        if (n < 0 || n > _data.Length - _pos)
            throw new InvalidDataException($"length {(ulong)n} runs past the end of the pickle ({_data.Length} bytes)");
        return n;
    }

    string Utf8(long n)
    {
        try { return new UTF8Encoding(false, true).GetString(Take(n)); }
        catch (DecoderFallbackException) { throw new InvalidDataException("string is not valid UTF-8"); }
    }

    long ReadLong(long n)
    {
        if (n < 0 || n > 8) throw new InvalidDataException($"integer of {n} bytes is out of range for a state dict");
        var bytes = Take(n);
        if (n == 0) return 0;
        Span<byte> buf = stackalloc byte[8];
        buf.Fill((bytes[^1] & 0x80) != 0 ? (byte)0xff : (byte)0);
        bytes.CopyTo(buf);
        return BinaryPrimitives.ReadInt64LittleEndian(buf);
    }

    string ReadLine()
    {
        var rest = _data.AsSpan(_pos);
        var nl = rest[..Math.Min(rest.Length, 256)].IndexOf((byte)'\n');
        if (nl < 0) throw new InvalidDataException("GLOBAL name not terminated by a newline within 256 bytes");
        var s = Encoding.ASCII.GetString(Take(nl));
        _pos++;
        return s;
    }
}
