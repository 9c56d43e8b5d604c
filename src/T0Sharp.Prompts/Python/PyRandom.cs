using System.Numerics;

namespace T0Sharp.Prompts.Python;

/// <summary>
/// CPython's <c>random.Random</c> reproduced bit for bit: the MT19937 generator, <c>random.seed(int)</c>
/// (init_by_array over the absolute value's 32-bit words, least significant first), <c>random()</c> (53 bits from
/// two draws), <c>getrandbits(k)</c>, <c>_randbelow(n)</c> (getrandbits rejection loop) and <c>choice</c>.
/// Not thread-safe: use one instance per render (or per worker).
/// </summary>
public sealed class PyRandom
{
    const int N = 624, M = 397;
    const uint MatrixA = 0x9908b0dfU, UpperMask = 0x80000000U, LowerMask = 0x7fffffffU;

    readonly uint[] _mt = new uint[N];
    int _mti;

    /// <summary>Creates a generator seeded as <c>random.Random(seed)</c>.</summary>
    public PyRandom(long seed) => Seed(seed);

    /// <summary>Creates a generator seeded as <c>random.Random(seed)</c> for arbitrarily large integers.</summary>
    public PyRandom(BigInteger seed) => Seed(seed);

    /// <summary>Re-seeds exactly as <c>random.seed(seed)</c> with an int argument (the sign is ignored).</summary>
    /// <remarks>Seeding is lazy: the MT state is built on the first draw, so re-seeding before renders that never
    /// draw costs nothing (the sequence of draws is unaffected).</remarks>
    public void Seed(long seed)
    {
        ulong n = seed == long.MinValue ? 1UL << 63 : (ulong)Math.Abs(seed);
        _pendingKey = n <= uint.MaxValue ? [(uint)n] : [(uint)n, (uint)(n >> 32)];
    }

    /// <summary>Re-seeds exactly as <c>random.seed(seed)</c> with an int argument (the sign is ignored).</summary>
    public void Seed(BigInteger seed)
    {
        var n = BigInteger.Abs(seed);
        var key = new List<uint>();
        if (n.IsZero) key.Add(0);
        while (!n.IsZero)
        {
            key.Add((uint)(n & uint.MaxValue));
            n >>= 32;
        }
        _pendingKey = key.ToArray();
    }

    uint[]? _pendingKey;

    /// <summary>MT state after <c>init_genrand(19650218)</c>, the common start of every seeding.</summary>
    static readonly uint[] GenrandBase = BuildGenrandBase();

    static uint[] BuildGenrandBase()
    {
        var mt = new uint[N];
        mt[0] = 19650218U;
        for (int i = 1; i < N; i++) mt[i] = 1812433253U * (mt[i - 1] ^ (mt[i - 1] >> 30)) + (uint)i;
        return mt;
    }

    /// <summary>The last seed built on this thread and its state: re-seeding with the same value is a copy.</summary>
    [ThreadStatic] static uint[]? _cachedKey;
    [ThreadStatic] static uint[]? _cachedState;

    void EnsureSeeded()
    {
        if (_pendingKey is not { } key) return;
        _pendingKey = null;
        if (_cachedKey != null && _cachedKey.AsSpan().SequenceEqual(key))
        {
            Array.Copy(_cachedState!, _mt, N);
            _mti = N;
            return;
        }
        InitByArray(key);
        _cachedKey = key;
        _cachedState ??= new uint[N];
        Array.Copy(_mt, _cachedState, N);
    }

    void InitByArray(uint[] key)
    {
        var mt = _mt;
        Array.Copy(GenrandBase, mt, N);
        int i = 1, j = 0, keyLength = key.Length;
        for (int k = Math.Max(N, keyLength); k > 0; k--)
        {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1664525U)) + key[j] + (uint)j;
            i++; j++;
            if (i >= N) { mt[0] = mt[N - 1]; i = 1; }
            if (j >= keyLength) j = 0;
        }
        for (int k = N - 1; k > 0; k--)
        {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1566083941U)) - (uint)i;
            i++;
            if (i >= N) { mt[0] = mt[N - 1]; i = 1; }
        }
        mt[0] = 0x80000000U;
        _mti = N;
    }

    /// <summary>The next raw 32-bit MT19937 output (<c>genrand_uint32</c>).</summary>
    public uint NextUInt32()
    {
        if (_pendingKey != null) EnsureSeeded();
        uint y;
        if (_mti >= N)
        {
            int kk;
            for (kk = 0; kk < N - M; kk++)
            {
                y = (_mt[kk] & UpperMask) | (_mt[kk + 1] & LowerMask);
                _mt[kk] = _mt[kk + M] ^ (y >> 1) ^ ((y & 1) != 0 ? MatrixA : 0U);
            }
            for (; kk < N - 1; kk++)
            {
                y = (_mt[kk] & UpperMask) | (_mt[kk + 1] & LowerMask);
                _mt[kk] = _mt[kk + (M - N)] ^ (y >> 1) ^ ((y & 1) != 0 ? MatrixA : 0U);
            }
            y = (_mt[N - 1] & UpperMask) | (_mt[0] & LowerMask);
            _mt[N - 1] = _mt[M - 1] ^ (y >> 1) ^ ((y & 1) != 0 ? MatrixA : 0U);
            _mti = 0;
        }
        y = _mt[_mti++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680U;
        y ^= (y << 15) & 0xefc60000U;
        y ^= y >> 18;
        return y;
    }

    /// <summary><c>random.random()</c>: a float in [0, 1) with 53 random bits.</summary>
    public double Random()
    {
        uint a = NextUInt32() >> 5, b = NextUInt32() >> 6;
        return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
    }

    /// <summary><c>random.getrandbits(k)</c> for 0 ≤ k ≤ 64.</summary>
    public ulong GetRandBits(int k)
    {
        if (k < 0 || k > 64) throw new ArgumentOutOfRangeException(nameof(k), "k must be in 0..64");
        if (k == 0) return 0;
        if (k <= 32) return NextUInt32() >> (32 - k);
        ulong low = NextUInt32();
        ulong high = NextUInt32() >> (64 - k);
        return low | (high << 32);
    }

    /// <summary><c>random.getrandbits(k)</c> for any k ≥ 0 (words filled least significant first).</summary>
    public BigInteger GetRandBitsBig(int k)
    {
        if (k < 0) throw new ArgumentOutOfRangeException(nameof(k));
        if (k <= 64) return new BigInteger(GetRandBits(k));
        BigInteger result = BigInteger.Zero;
        int shift = 0;
        for (int left = k; left > 0; left -= 32, shift += 32)
        {
            uint r = NextUInt32();
            if (left < 32) r >>= 32 - left;
            result |= new BigInteger(r) << shift;
        }
        return result;
    }

    /// <summary><c>random._randbelow(n)</c>: uniform in [0, n) via getrandbits(n.bit_length()) with rejection.</summary>
    public int RandBelow(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), "n must be positive");
        int k = 32 - BitOperations.LeadingZeroCount((uint)n);
        ulong r = GetRandBits(k);
        while (r >= (ulong)n) r = GetRandBits(k);
        return (int)r;
    }

    /// <summary>
    /// The index <c>random.choice(seq)</c> picks for a sequence of <paramref name="count"/> items.
    /// Throws <see cref="IndexOutOfRangeException"/> for an empty sequence, as Python raises IndexError.
    /// </summary>
    public int ChoiceIndex(int count)
    {
        if (count <= 0) throw new IndexOutOfRangeException("Cannot choose from an empty sequence");
        return RandBelow(count);
    }

    /// <summary><c>random.choice(seq)</c> over a list.</summary>
    public T Choice<T>(IReadOnlyList<T> seq) => seq[ChoiceIndex(seq.Count)];

    /// <summary>A copy of the generator state (for tests and for replaying draws).</summary>
    public PyRandom Clone()
    {
        EnsureSeeded();
        var copy = new PyRandom(0);
        copy.EnsureSeeded();
        Array.Copy(_mt, copy._mt, N);
        copy._mti = _mti;
        return copy;
    }
}
