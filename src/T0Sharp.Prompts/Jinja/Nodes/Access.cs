using T0Sharp.Prompts.Jinja.Runtime;

namespace T0Sharp.Prompts.Jinja.Nodes;

/// <summary><c>obj.attr</c>: Python attribute first, then item (Jinja's <c>environment.getattr</c>).</summary>
internal sealed class GetattrExpr(int offset, Expr target, string attr) : Expr(offset)
{
    public Expr Target { get; } = target;
    public string Attr { get; } = attr;
    protected override object? EvalCore(RenderContext ctx) => Lookup.GetAttr(Target.Eval(ctx), Attr);
    public override IEnumerable<Node> Children => [Target];
}

/// <summary><c>obj[key]</c> and <c>obj.0</c>: item first, then attribute for string keys (Jinja's <c>environment.getitem</c>).</summary>
internal sealed class GetitemExpr(int offset, Expr target, Expr key) : Expr(offset)
{
    public Expr Target { get; } = target;
    public Expr Key { get; } = key;
    protected override object? EvalCore(RenderContext ctx)
    {
        var obj = Target.Eval(ctx);
        if (Key is SliceExpr s) return Lookup.GetSlice(obj, s.EvalBound(s.Start, ctx), s.EvalBound(s.Stop, ctx), s.EvalBound(s.Step, ctx));
        return Lookup.GetItem(obj, Key.Eval(ctx));
    }
    public override IEnumerable<Node> Children => [Target, Key];
}

/// <summary>A slice <c>start:stop:step</c> inside a subscript.</summary>
internal sealed class SliceExpr(int offset, Expr? start, Expr? stop, Expr? step) : Expr(offset)
{
    public Expr? Start { get; } = start;
    public Expr? Stop { get; } = stop;
    public Expr? Step { get; } = step;

    public object? EvalBound(Expr? e, RenderContext ctx) => e?.Eval(ctx);
    protected override object? EvalCore(RenderContext ctx) => throw new InvalidOperationException("slice outside a subscript");
    public override IEnumerable<Node> Children
    {
        get
        {
            if (Start != null) yield return Start;
            if (Stop != null) yield return Stop;
            if (Step != null) yield return Step;
        }
    }
}
