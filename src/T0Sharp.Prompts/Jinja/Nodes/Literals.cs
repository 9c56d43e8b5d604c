using T0Sharp.Prompts.Jinja.Runtime;
using T0Sharp.Prompts.Python;

namespace T0Sharp.Prompts.Jinja.Nodes;

/// <summary>A literal constant: str, int, float, bool or None.</summary>
internal sealed class Const(int offset, object? value) : Expr(offset)
{
    public object? Value { get; } = value;
    protected override object? EvalCore(RenderContext ctx) => Value;
    public override IEnumerable<Node> Children => [];
}

/// <summary>A list literal <c>[a, b]</c>: a new list on every evaluation.</summary>
internal sealed class ListLiteral(int offset, Expr[] items) : Expr(offset)
{
    public Expr[] Items { get; } = items;
    protected override object? EvalCore(RenderContext ctx)
    {
        var l = new PyList(Items.Length);
        foreach (var e in Items) l.Add(e.Eval(ctx));
        return l;
    }
    public override IEnumerable<Node> Children => Items;
}

/// <summary>A tuple <c>(a, b)</c> or <c>a, b</c>; as an assignment target it unpacks.</summary>
internal sealed class TupleLiteral(int offset, Expr[] items) : Expr(offset)
{
    public Expr[] Items { get; } = items;
    protected override object? EvalCore(RenderContext ctx)
    {
        var arr = new object?[Items.Length];
        for (int i = 0; i < arr.Length; i++) arr[i] = Items[i].Eval(ctx);
        return new PyTuple(arr);
    }
    public override IEnumerable<Node> Children => Items;
}

/// <summary>A dict literal <c>{k: v}</c>.</summary>
internal sealed class DictLiteral(int offset, (Expr Key, Expr Value)[] pairs) : Expr(offset)
{
    public (Expr Key, Expr Value)[] Pairs { get; } = pairs;
    protected override object? EvalCore(RenderContext ctx)
    {
        var d = new PyDict();
        foreach (var (k, v) in Pairs)
        {
            var key = k.Eval(ctx);
            d[key] = v.Eval(ctx);
        }
        return d;
    }
    public override IEnumerable<Node> Children
    {
        get { foreach (var (k, v) in Pairs) { yield return k; yield return v; } }
    }
}

/// <summary>A variable reference.</summary>
internal sealed class NameExpr(int offset, string name) : Expr(offset)
{
    public string Name { get; } = name;
    protected override object? EvalCore(RenderContext ctx) => ctx.Lookup(Name);
    public override IEnumerable<Node> Children => [];
}

/// <summary>An assignment target <c>ns.attr</c> in <c>{% set ns.attr = ... %}</c>.</summary>
internal sealed class NamespaceRef(int offset, string name, string attr) : Expr(offset)
{
    public string Name { get; } = name;
    public string Attr { get; } = attr;
    protected override object? EvalCore(RenderContext ctx) => throw new InvalidOperationException("NSRef is only a target");
    public override IEnumerable<Node> Children => [];
}
