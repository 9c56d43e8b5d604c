namespace T0Sharp.Prompts.Python;

/// <summary>A Python <c>range</c> object (lazy, re-iterable, prints as <c>range(0, 3)</c>).</summary>
public sealed class PyRange
{
    public PyRange(long start, long stop, long step)
    {
        if (step == 0) throw PyException.ValueError("range() arg 3 must not be zero");
        Start = start; Stop = stop; Step = step;
    }
    public long Start { get; }
    public long Stop { get; }
    public long Step { get; }

    public long Count
    {
        get
        {
            if (Step > 0) return Start < Stop ? (Stop - Start - 1) / Step + 1 : 0;
            return Start > Stop ? (Start - Stop - 1) / (-Step) + 1 : 0;
        }
    }

    public long this[long index] => Start + index * Step;

    public IEnumerable<object?> Enumerate()
    {
        long n = Count;
        for (long i = 0; i < n; i++) yield return Start + i * Step;
    }
}
