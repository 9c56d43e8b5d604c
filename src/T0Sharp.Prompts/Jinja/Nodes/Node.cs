using T0Sharp.Prompts.Jinja.Runtime;

namespace T0Sharp.Prompts.Jinja.Nodes;

/// <summary>A node of the parsed template. Nodes are immutable after parsing and shared by all renders.</summary>
internal abstract class Node
{
    protected Node(int offset) => Offset = offset;

    /// <summary>Offset of the node's first token in the normalised source.</summary>
    public int Offset { get; }

    /// <summary>Child nodes in Jinja's field order (the order its optimizer visits them).</summary>
    public abstract IEnumerable<Node> Children { get; }
}

/// <summary>An expression: evaluates to a Python value.</summary>
internal abstract class Expr : Node
{
    protected Expr(int offset) : base(offset) { }

    /// <summary>
    /// Slot in the per-compile table of values Jinja's optimizer folded at compile time (-1: never folded).
    /// Assigned once while parsing; only expressions that contain a <c>choice</c> filter get one.
    /// </summary>
    public int FoldSlot { get; set; } = -1;

    public object? Eval(RenderContext ctx)
    {
        if (FoldSlot >= 0 && ctx.Folded.Length > FoldSlot && ctx.Folded[FoldSlot] is FoldedValue fv) return fv.Fresh();
        return EvalCore(ctx);
    }

    protected abstract object? EvalCore(RenderContext ctx);
}

/// <summary>A statement: writes to the output and/or binds variables.</summary>
internal abstract class Stmt : Node
{
    protected Stmt(int offset) : base(offset) { }
    public abstract void Exec(RenderContext ctx);
}
