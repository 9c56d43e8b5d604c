using T0Sharp.Prompts.Jinja.Runtime;
using T0Sharp.Prompts.Python;

namespace T0Sharp.Prompts.Jinja.Nodes;

/// <summary>Literal template text.</summary>
internal sealed class TemplateData(int offset, string text) : Expr(offset)
{
    public string Text { get; } = text;
    protected override object? EvalCore(RenderContext ctx) => Text;
    public override IEnumerable<Node> Children => [];
}

/// <summary>
/// A run of template text and <c>{{ expr }}</c> outputs between statements (Jinja's Output node). Values print
/// with Python <c>str()</c>; Undefined prints nothing.
/// </summary>
internal sealed class OutputStmt(int offset, Expr[] parts) : Stmt(offset)
{
    public Expr[] Parts { get; } = parts;

    // Per part: does its expression refer to a variable (a name or namespace attribute)? Only read when marking.
    bool[]? _usesVariables;

    public override void Exec(RenderContext ctx)
    {
        var sb = ctx.Output;
        var marks = ctx.MarkFields ? (_usesVariables ??= Parts.Select(UsesVariables).ToArray()) : null;
        for (var i = 0; i < Parts.Length; i++)
        {
            var p = Parts[i];
            if (p is TemplateData d) { sb.Append(d.Text); continue; }
            var mark = marks != null && marks[i];
            if (mark) sb.Append(RenderOptions.FieldStart);
            Write(sb, p.Eval(ctx));
            if (mark) sb.Append(RenderOptions.FieldEnd);
        }
    }

    static bool UsesVariables(Node n) => n is NameExpr or NamespaceRef || n.Children.Any(UsesVariables);

    static void Write(System.Text.StringBuilder sb, object? v)
    {
        switch (v)
        {
            case string s: sb.Append(s); break;
            case long l: sb.Append(l); break;
            case Undefined: break;
            default: sb.Append(PyFormat.Str(v)); break;
        }
    }

    public override IEnumerable<Node> Children => Parts;
}
