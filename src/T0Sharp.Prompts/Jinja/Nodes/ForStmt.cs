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

    public override void Exec(RenderContext ctx)
    {
        var outer = ctx.Current;
        var source = Iter.Eval(ctx);
        IReadOnlyList<object?> items = source switch
        {
            PyList l => l,
            PyTuple t => t.Items,
            _ => new PyList(PyIter.Iterate(source)),
        };
        if (Test != null)
        {
            var kept = new PyList();
            for (int i = 0; i < items.Count; i++)
            {
                var tf = new Frame(outer);
                ctx.Current = tf;
                AssignStmt.Bind(ctx, Target, items[i]);
                bool keep = PyOps.Truthy(Test.Eval(ctx));
                ctx.Current = outer;
                if (keep) kept.Add(items[i]);
            }
            items = kept;
        }
        if (items.Count == 0)
        {
            if (Else.Length > 0)
            {
                ctx.Current = ElseLayout.Enter(outer);
                try { Block.Run(Else, ctx); }
                finally { ctx.Current = outer; }
            }
            return;
        }
        var loop = UsesLoop ? new LoopInfo { Items = items, Depth0 = LoopDepth(outer) } : null;
        try
        {
            for (int i = 0; i < items.Count; i++)
            {
                var frame = BodyLayout.Enter(outer);
                ctx.Current = frame;
                if (loop != null) { loop.Index0 = i; frame.Vars["loop"] = loop; }
                AssignStmt.Bind(ctx, Target, items[i]);
                Block.Run(Body, ctx);
            }
        }
        finally { ctx.Current = outer; }
    }

    static int LoopDepth(Frame f)
    {
        for (var x = f; x != null; x = x.Parent)
            if (x.Vars.TryGetValue("loop", out var l) && l is LoopInfo li) return li.Depth0 + 1;
        return 0;
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
