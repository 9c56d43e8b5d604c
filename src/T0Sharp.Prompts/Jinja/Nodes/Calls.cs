using T0Sharp.Prompts.Jinja.Filters;
using T0Sharp.Prompts.Jinja.Runtime;
using T0Sharp.Prompts.Python;

namespace T0Sharp.Prompts.Jinja.Nodes;

/// <summary>Arguments written at a call, filter or test site.</summary>
internal sealed class CallArgs
{
    public static readonly CallArgs None = new([], [], null, null);

    /// <summary>Arguments that are all immutable literals (str/int/float/bool/None) are evaluated once.</summary>
    readonly PyArgs? _constant;

    public CallArgs(Expr[] positional, (string Name, Expr Value)[] keywords, Expr? dynArgs, Expr? dynKwargs)
    {
        Positional = positional;
        Keywords = keywords;
        DynArgs = dynArgs;
        DynKwargs = dynKwargs;
        if (dynArgs == null && dynKwargs == null && positional.All(p => p is Const) && keywords.All(k => k.Value is Const))
            _constant = positional.Length == 0 && keywords.Length == 0 ? PyArgs.Empty
                : new PyArgs(positional.Select(p => ((Const)p).Value).ToArray(),
                    keywords.Select(k => new KeyValuePair<string, object?>(k.Name, ((Const)k.Value).Value)).ToArray());
    }

    public Expr[] Positional { get; }
    public (string Name, Expr Value)[] Keywords { get; }
    public Expr? DynArgs { get; }
    public Expr? DynKwargs { get; }

    public PyArgs Eval(RenderContext ctx)
    {
        if (_constant != null) return _constant;
        var pos = new List<object?>(Positional.Length);
        foreach (var p in Positional) pos.Add(p.Eval(ctx));
        var kw = new List<KeyValuePair<string, object?>>(Keywords.Length);
        foreach (var (n, v) in Keywords) kw.Add(new(n, v.Eval(ctx)));
        if (DynArgs != null) pos.AddRange(PyIter.Iterate(DynArgs.Eval(ctx)));
        if (DynKwargs != null)
        {
            if (DynKwargs.Eval(ctx) is not PyDict d) throw PyException.TypeError("argument after ** must be a mapping");
            foreach (var kv in d.Items) kw.Add(new(PyFormat.Str(kv.Key), kv.Value));
        }
        return new PyArgs(pos.ToArray(), kw.ToArray());
    }

    public IEnumerable<Node> Nodes
    {
        get
        {
            foreach (var p in Positional) yield return p;
            foreach (var (_, v) in Keywords) yield return v;
            if (DynArgs != null) yield return DynArgs;
            if (DynKwargs != null) yield return DynKwargs;
        }
    }
}

/// <summary>A call <c>f(args)</c>; <c>obj.method(args)</c> dispatches straight to the Python method.</summary>
internal sealed class CallExpr(int offset, Expr callee, CallArgs args) : Expr(offset)
{
    public Expr Callee { get; } = callee;
    public CallArgs Args { get; } = args;

    protected override object? EvalCore(RenderContext ctx)
    {
        object? fn;
        if (Callee is GetattrExpr ga)
        {
            var target = ga.Target.Eval(ctx);
            if (PyMethods.HasMethod(target, ga.Attr)) return PyMethods.Call(target, ga.Attr, Args.Eval(ctx));
            fn = Lookup.GetAttr(target, ga.Attr);
        }
        else fn = Callee.Eval(ctx);
        return Invoke(fn, Args.Eval(ctx));
    }

    public static object? Invoke(object? fn, PyArgs args) => fn switch
    {
        PyCallable c => c.Invoke(args),
        LoopInfo { Recurse: not null } li when args.Positional.Length == 1 => li.Recurse(args.Positional[0]),
        LoopInfo => throw PyException.TypeError("Tried to call non recursive loop.  Maybe you forgot the 'recursive' modifier."),
        Undefined u => throw u.Error(),
        _ => throw PyException.TypeError($"'{PyTypes.TypeName(fn)}' object is not callable"),
    };

    public override IEnumerable<Node> Children => [Callee, .. Args.Nodes];
}

/// <summary><c>value | name(args)</c>.</summary>
internal sealed class FilterExpr(int offset, Expr target, string name, CallArgs args, FilterFunc? func) : Expr(offset)
{
    public Expr Target { get; } = target;
    public string Name { get; } = name;
    public CallArgs Args { get; } = args;
    public FilterFunc? Func { get; } = func;

    protected override object? EvalCore(RenderContext ctx)
    {
        if (Func == null) throw new PyException("TemplateRuntimeError", $"No filter named '{Name}' found.");
        var value = Target.Eval(ctx);
        return Func(ctx, value, Args.Eval(ctx));
    }

    public override IEnumerable<Node> Children => [Target, .. Args.Nodes];
}

/// <summary><c>value is [not] name(args)</c> (the <c>not</c> is a separate <see cref="NotExpr"/>).</summary>
internal sealed class TestExpr(int offset, Expr target, string name, CallArgs args, TestFunc? func) : Expr(offset)
{
    public Expr Target { get; } = target;
    public string Name { get; } = name;
    public CallArgs Args { get; } = args;
    public TestFunc? Func { get; } = func;

    protected override object? EvalCore(RenderContext ctx)
    {
        if (Func == null) throw new PyException("TemplateRuntimeError", $"No test named '{Name}' found.");
        var value = Target.Eval(ctx);
        return Func(ctx, value, Args.Eval(ctx));
    }

    public override IEnumerable<Node> Children => [Target, .. Args.Nodes];
}
