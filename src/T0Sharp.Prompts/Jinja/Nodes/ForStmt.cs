using T0Sharp.Prompts.Jinja.Runtime;
using T0Sharp.Prompts.Python;

namespace T0Sharp.Prompts.Jinja.Nodes;

/// <summary>
/// <c>{% for target in iter [if test] %}body{% else %}...{% endfor %}</c>. Each iteration gets a fresh scope
/// (sets in the body do not leak out or carry over); <c>loop</c> counts the items kept by the filter.
/// </summary>
internal sealed class ForStmt(int offset, Expr target, Expr iter, Stmt[] body, Stmt[] otherwise, Expr? test) : Stmt(offset)
{
    public Expr Target { get; } = target;
    public Expr Iter { get; } = iter;
    public Stmt[] Body { get; } = body;
    public Stmt[] Else { get; } = otherwise;
    public Expr? Test { get; } = test;

    public FrameLayout BodyLayout { get; set; } = FrameLayout.Empty;
    public FrameLayout ElseLayout { get; set; } = FrameLayout.Empty;
    public bool UsesLoop { get; set; } = true;

    /// <summary>True for <c>{% for ... recursive %}</c>: <c>loop(items)</c> renders the body over <c>items</c> one level deeper.</summary>
    public bool Recursive { get; init; }

    public override void Exec(RenderContext ctx) => Run(ctx, ctx.Current, Iter.Eval(ctx), 0);

    void Run(RenderContext ctx, Frame outer, object? source, int depth0)
    {
        IReadOnlyList<object?> items = source switch
        {
            PyList l => l,
            PyTuple t => t.Items,
            _ => new PyList(PyIter.Iterate(source)),
        };
        if (Test != null) items = new LazyItems(Filter(ctx, outer, items).GetEnumerator());
        if (!LazyItems.Exists(items, 0))
        {
            if (Else.Length > 0)
            {
                ctx.Current = ElseLayout.Enter(outer);
                try { Block.Run(Else, ctx); }
                finally { ctx.Current = outer; }
            }
            return;
        }
        var loop = UsesLoop ? new LoopInfo { Items = items, Depth0 = depth0 } : null;
        if (loop != null && Recursive)
        {
            loop.Recurse = inner =>
            {
                var saved = ctx.Output;
                var savedFrame = ctx.Current;
                ctx.Output = new System.Text.StringBuilder();
                try { Run(ctx, outer, inner, depth0 + 1); return ctx.Output.ToString(); }
                finally { ctx.Output = saved; ctx.Current = savedFrame; }
            };
        }
        try
        {
            for (int i = 0; LazyItems.Exists(items, i); i++)
            {
                var frame = BodyLayout.Enter(outer);
                ctx.Current = frame;
                if (loop != null) { loop.Index0 = i; frame.Set("loop", loop); }
                AssignStmt.Bind(ctx, Target, items[i]);
                Block.Run(Body, ctx);
            }
        }
        finally { ctx.Current = outer; }
    }

    /// <summary>
    /// The items the loop filter keeps, tested one at a time when the loop asks for the next one (Jinja's generator
    /// semantics): the condition sees what the bodies of earlier items changed.
    /// </summary>
    IEnumerable<object?> Filter(RenderContext ctx, Frame outer, IReadOnlyList<object?> items)
    {
        for (int i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var saved = ctx.Current;
            bool keep;
            try
            {
                ctx.Current = new Frame(outer);
                AssignStmt.Bind(ctx, Target, item);
                keep = PyOps.Truthy(Test!.Eval(ctx));
            }
            finally { ctx.Current = saved; }
            if (keep) yield return item;
        }
    }

    public override IEnumerable<Node> Children
    {
        get
        {
            yield return Target;
            yield return Iter;
            foreach (var s in Body) yield return s;
            foreach (var s in Else) yield return s;
            if (Test != null) yield return Test;
        }
    }
}
