using T0Sharp.Prompts.Jinja.Runtime;
using T0Sharp.Prompts.Python;

namespace T0Sharp.Prompts.Jinja.Nodes;

/// <summary><c>{% if %}...{% elif %}...{% else %}...{% endif %}</c>. Branches share the enclosing scope.</summary>
internal sealed class IfStmt(int offset, Expr test, Stmt[] body, IfStmt[] elifs, Stmt[] otherwise) : Stmt(offset)
{
    public Expr Test { get; } = test;
    public Stmt[] Body { get; } = body;
    public IfStmt[] Elifs { get; } = elifs;
    public Stmt[] Else { get; } = otherwise;

    public override void Exec(RenderContext ctx)
    {
        if (PyOps.Truthy(Test.Eval(ctx))) { Block.Run(Body, ctx); return; }
        foreach (var e in Elifs)
        {
            if (PyOps.Truthy(e.Test.Eval(ctx))) { Block.Run(e.Body, ctx); return; }
        }
        Block.Run(Else, ctx);
    }

    public override IEnumerable<Node> Children => [Test, .. Body, .. Elifs, .. Else];
}

internal static class Block
{
    public static void Run(Stmt[] body, RenderContext ctx)
    {
        foreach (var s in body) s.Exec(ctx);
    }
}
