using System.Text;
using T0Sharp.Prompts.Jinja.Runtime;
using T0Sharp.Prompts.Python;

namespace T0Sharp.Prompts.Jinja.Nodes;

/// <summary>Arithmetic binary operators: + - * / // % **.</summary>
internal sealed class BinaryExpr(int offset, string op, Expr left, Expr right) : Expr(offset)
{
    public string Op { get; } = op;
    public Expr Left { get; } = left;
    public Expr Right { get; } = right;

    protected override object? EvalCore(RenderContext ctx) => Apply(Op, Left.Eval(ctx), Right.Eval(ctx));

    public static object? Apply(string op, object? a, object? b) => op switch
    {
        "+" => PyArith.Add(a, b),
        "-" => PyArith.Sub(a, b),
        "*" => PyArith.Mul(a, b),
        "/" => PyArith.Div(a, b),
        "//" => PyArith.FloorDiv(a, b),
        "%" => PyArith.Mod(a, b),
        _ => PyArith.Pow(a, b),
    };

    public override IEnumerable<Node> Children => [Left, Right];
}

/// <summary>Unary minus and plus.</summary>
internal sealed class UnaryExpr(int offset, string op, Expr operand) : Expr(offset)
{
    public string Op { get; } = op;
    public Expr Operand { get; } = operand;
    protected override object? EvalCore(RenderContext ctx) => Op == "-" ? PyArith.Neg(Operand.Eval(ctx)) : PyArith.Pos(Operand.Eval(ctx));
    public override IEnumerable<Node> Children => [Operand];
}

/// <summary><c>not x</c>.</summary>
internal sealed class NotExpr(int offset, Expr operand) : Expr(offset)
{
    public Expr Operand { get; } = operand;
    protected override object? EvalCore(RenderContext ctx) => !PyOps.Truthy(Operand.Eval(ctx));
    public override IEnumerable<Node> Children => [Operand];
}

/// <summary><c>a and b</c>: returns an operand, as Python does.</summary>
internal sealed class AndExpr(int offset, Expr left, Expr right) : Expr(offset)
{
    public Expr Left { get; } = left;
    public Expr Right { get; } = right;
    protected override object? EvalCore(RenderContext ctx)
    {
        var l = Left.Eval(ctx);
        return PyOps.Truthy(l) ? Right.Eval(ctx) : l;
    }
    public override IEnumerable<Node> Children => [Left, Right];
}

/// <summary><c>a or b</c>: returns an operand, as Python does.</summary>
internal sealed class OrExpr(int offset, Expr left, Expr right) : Expr(offset)
{
    public Expr Left { get; } = left;
    public Expr Right { get; } = right;
    protected override object? EvalCore(RenderContext ctx)
    {
        var l = Left.Eval(ctx);
        return PyOps.Truthy(l) ? l : Right.Eval(ctx);
    }
    public override IEnumerable<Node> Children => [Left, Right];
}

/// <summary><c>a ~ b ~ c</c>: string concatenation of str() of each operand.</summary>
internal sealed class ConcatExpr(int offset, Expr[] parts) : Expr(offset)
{
    public Expr[] Parts { get; } = parts;
    protected override object? EvalCore(RenderContext ctx)
    {
        var sb = new StringBuilder();
        foreach (var p in Parts) sb.Append(PyFormat.Str(p.Eval(ctx)));
        return sb.ToString();
    }
    public override IEnumerable<Node> Children => Parts;
}

/// <summary>A (possibly chained) comparison: <c>a &lt; b == c</c>, <c>in</c>, <c>not in</c>.</summary>
internal sealed class CompareExpr(int offset, Expr first, (string Op, Expr Operand)[] ops) : Expr(offset)
{
    public Expr First { get; } = first;
    public (string Op, Expr Operand)[] Ops { get; } = ops;

    protected override object? EvalCore(RenderContext ctx)
    {
        var left = First.Eval(ctx);
        foreach (var (op, operand) in Ops)
        {
            var right = operand.Eval(ctx);
            if (!PyOps.CompareOp(op, left, right)) return false;
            left = right;
        }
        return true;
    }

    public override IEnumerable<Node> Children
    {
        get { yield return First; foreach (var (_, e) in Ops) yield return e; }
    }
}

/// <summary><c>a if cond else b</c>; without <c>else</c> a false condition gives Undefined.</summary>
internal sealed class CondExpr(int offset, Expr test, Expr then, Expr? otherwise) : Expr(offset)
{
    public Expr Test { get; } = test;
    public Expr Then { get; } = then;
    public Expr? Otherwise { get; } = otherwise;

    protected override object? EvalCore(RenderContext ctx)
    {
        if (PyOps.Truthy(Test.Eval(ctx))) return Then.Eval(ctx);
        return Otherwise != null ? Otherwise.Eval(ctx)
            : Undefined.WithHint("the inline if-expression on line " + 0 + " evaluated to false and no else section was defined.");
    }

    public override IEnumerable<Node> Children
    {
        get { yield return Test; yield return Then; if (Otherwise != null) yield return Otherwise; }
    }
}
