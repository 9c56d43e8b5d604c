using T0Sharp.Prompts.Jinja.Runtime;
using T0Sharp.Prompts.Python;

namespace T0Sharp.Prompts.Jinja.Nodes;

/// <summary><c>{% set target = value %}</c> (target: a name, a tuple of names, or <c>ns.attr</c>).</summary>
internal sealed class AssignStmt(int offset, Expr target, Expr value) : Stmt(offset)
{
    public Expr Target { get; } = target;
    public Expr Value { get; } = value;

    public override void Exec(RenderContext ctx) => Bind(ctx, Target, Value.Eval(ctx));

    /// <summary>Binds a value to an assignment or loop target, unpacking tuples as Python does.</summary>
    public static void Bind(RenderContext ctx, Expr target, object? value)
    {
        switch (target)
        {
            case NameExpr n:
                ctx.Assign(n.Name, value);
                break;
            case NamespaceRef r:
                if (ctx.Lookup(r.Name) is not PyNamespace ns)
                    throw new PyException("TemplateRuntimeError", "cannot assign attribute on non-namespace object");
                ns.Attributes[r.Attr] = value;
                break;
            case TupleLiteral t:
                {
                    if (value is Undefined u) throw u.Error();
                    var items = PyIter.AsReadOnlyList(value is PyList or PyTuple ? value : new PyList(PyIter.Iterate(value)));
                    if (items.Count > t.Items.Length) throw PyException.ValueError($"too many values to unpack (expected {t.Items.Length})");
                    if (items.Count < t.Items.Length) throw PyException.ValueError($"not enough values to unpack (expected {t.Items.Length}, got {items.Count})");
                    for (int i = 0; i < items.Count; i++) Bind(ctx, t.Items[i], items[i]);
                    break;
                }
            default:
                throw new InvalidOperationException("invalid assignment target");
        }
    }

    public override IEnumerable<Node> Children => [Target, Value];
}

/// <summary><c>{% set name %}...{% endset %}</c>, optionally with filters: the rendered body is assigned.</summary>
internal sealed class AssignBlockStmt(int offset, Expr target, Expr? filter, Stmt[] body, FrameLayout layout) : Stmt(offset)
{
    public Expr Target { get; } = target;
    /// <summary>A filter chain whose innermost target is a <see cref="BlockValue"/> placeholder.</summary>
    public Expr? Filter { get; } = filter;
    public Stmt[] Body { get; } = body;
    public FrameLayout Layout { get; } = layout;

    public override void Exec(RenderContext ctx)
    {
        var saved = ctx.Output;
        var outer = ctx.Current;
        ctx.Output = new System.Text.StringBuilder();
        ctx.Current = Layout.Enter(outer);
        try { Block.Run(Body, ctx); }
        finally { ctx.Current = outer; }
        object? value = ctx.Output.ToString();
        ctx.Output = saved;
        if (Filter != null)
        {
            ctx.BlockValue = value;
            value = Filter.Eval(ctx);
        }
        AssignStmt.Bind(ctx, Target, value);
    }

    public override IEnumerable<Node> Children => Filter == null ? [Target, .. Body] : [Target, Filter, .. Body];
}

/// <summary>The rendered body of a set-block, as the input of its filter chain.</summary>
internal sealed class BlockValue(int offset) : Expr(offset)
{
    protected override object? EvalCore(RenderContext ctx) => ctx.BlockValue;
    public override IEnumerable<Node> Children => [];
}
