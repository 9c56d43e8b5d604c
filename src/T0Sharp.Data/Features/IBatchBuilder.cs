namespace T0Sharp.Data.Features;

/// <summary>Fills one fixed-shape batch; <see cref="TryAdd"/> is false when the example fits in no row.</summary>
public interface IBatchBuilder<out TBatch>
{
    int Count { get; }
    bool TryAdd(TokenizedExample example);
    TBatch Build();
}
