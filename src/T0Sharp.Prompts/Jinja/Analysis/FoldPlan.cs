using T0Sharp.Prompts.Jinja.Filters;
using T0Sharp.Prompts.Jinja.Nodes;
using T0Sharp.Prompts.Jinja.Runtime;
using T0Sharp.Prompts.Python;

namespace T0Sharp.Prompts.Jinja.Analysis;

/// <summary>
/// Replays the random draws Jinja 3.1.6 makes while compiling: its code generator evaluates each output
/// expression with <c>as_const</c> (which calls <c>choice</c> on literal lists) and runs the constant-folding
/// optimizer, bottom-up in node-field order, on each expression it emits (statement order: for-test, for-iter,
/// body, else; if-test, body, elif, else). Only expressions containing a <c>choice</c> filter can draw, so only
/// they get fold slots; the values they fold to are baked into the compiled template, as in Python.
/// </summary>
internal sealed class FoldPlan
{
    static readonly IReadOnlyDictionary<string, object?> NoVariables = new Dictionary<string, object?>();

    readonly Stmt[] _body;
    readonly int _slots;

    FoldPlan(Stmt[] body, int slots)
    {
        _body = body;
        _slots = slots;
    }

    /// <summary>Number of <c>choice</c> calls a compile makes (each one a <c>random.choice</c>).</summary>
    public int DrawCount { get; private set; }

    public static FoldPlan Build(Stmt[] body)
    {
        int slots = 0;
        foreach (var s in body) Assign(s, ref slots);
        var plan = new FoldPlan(body, slots);
        if (slots > 0)
        {
            var counter = new CountingRandom();
            plan.DrawInto(counter.Rng, counter);
            plan.DrawCount = counter.Calls;
        }
        return plan;
    }

    /// <summary>Gives a slot to every expression whose subtree holds a choice filter; returns whether the node has one.</summary>
    static bool Assign(Node n, ref int slots)
    {
        bool has = n is FilterExpr { Name: "choice" };
        foreach (var c in n.Children) has |= Assign(c, ref slots);
        if (has && n is Expr e) e.FoldSlot = slots++;
        return has;
    }

    /// <summary>Takes the compile-time draws from <paramref name="rng"/> and returns the fold table for renders.</summary>
    public object?[] Draw(PyRandom rng) => _slots == 0 ? [] : DrawInto(rng, null);

    sealed class CountingRandom
    {
        public PyRandom Rng { get; } = new(0);
        public int Calls;
    }

    object?[] DrawInto(PyRandom rng, CountingRandom? counter)
    {
        var run = new Run(rng, new object?[_slots], counter);
        foreach (var s in _body) run.Stmt(s);
        return run.Folded;
    }

    sealed class Run(PyRandom rng, object?[] folded, CountingRandom? counter)
    {
        readonly RenderContext _ctx = new(NoVariables, rng, []);
        public object?[] Folded { get; } = folded;

        static bool HasChoice(Node n) => n is Expr { FoldSlot: >= 0 };

        public void Stmt(Nodes.Stmt s)
        {
            switch (s)
            {
                case OutputStmt o:
                    {
                        var pending = new List<Expr>();
                        foreach (var p in o.Parts)
                        {
                            if (!HasChoice(p)) continue;
                            if (TryConst(p, out var v)) Folded[p.FoldSlot] = new FoldedValue(v);
                            else pending.Add(p);
                        }
                        foreach (var p in pending) Optimize(p);
                        break;
                    }
                case IfStmt i:
                    Optimize(i.Test);
                    foreach (var b in i.Body) Stmt(b);
                    foreach (var e in i.Elifs)
                    {
                        Optimize(e.Test);
                        foreach (var b in e.Body) Stmt(b);
                    }
                    foreach (var b in i.Else) Stmt(b);
                    break;
                case ForStmt f:
                    if (f.Test != null) Optimize(f.Test);
                    Optimize(f.Iter);
                    foreach (var b in f.Body) Stmt(b);
                    foreach (var b in f.Else) Stmt(b);
                    break;
                case AssignStmt a:
                    Optimize(a.Value);
                    break;
                case AssignBlockStmt ab:
                    foreach (var b in ab.Body) Stmt(b);
                    if (ab.Filter != null) Optimize(ab.Filter);
                    break;
            }
        }

        /// <summary>Jinja's Optimizer.visit: children first, then try to fold the node itself.</summary>
        void Optimize(Node n)
        {
            if (!HasChoice(n)) return;
            foreach (var c in n.Children) Optimize(c);
            var e = (Expr)n;
            if (Folded[e.FoldSlot] != null) return;
            if (TryConst(e, out var v) && HasSafeRepr(v)) Folded[e.FoldSlot] = new FoldedValue(v);
        }

        static bool HasSafeRepr(object? v) => v switch
        {
            null or bool or long or double or string or PyRange => true,
            PyList l => l.All(HasSafeRepr),
            PyTuple t => t.Items.All(HasSafeRepr),
            PyDict d => d.Items.All(kv => HasSafeRepr(kv.Key) && HasSafeRepr(kv.Value)),
            _ => false,
        };

        /// <summary>
        /// Jinja's <c>Node.as_const</c>, draws included; false when Jinja raises Impossible (structural cases are
        /// decided without exceptions, so a compile stays cheap).
        /// </summary>
        bool TryConst(Expr e, out object? value)
        {
            value = null;
            if (e.FoldSlot >= 0 && Folded[e.FoldSlot] is FoldedValue fv) { value = fv.Fresh(); return true; }
            switch (e)
            {
                case Const c: value = c.Value; return true;
                case TemplateData d: value = d.Text; return true;
                case ListLiteral l:
                    {
                        var r = new PyList(l.Items.Length);
                        foreach (var item in l.Items) { if (!TryConst(item, out var v)) return false; r.Add(v); }
                        value = r;
                        return true;
                    }
                case TupleLiteral t:
                    {
                        var r = new object?[t.Items.Length];
                        for (int i = 0; i < r.Length; i++) if (!TryConst(t.Items[i], out r[i])) return false;
                        value = new PyTuple(r);
                        return true;
                    }
                case DictLiteral d:
                    {
                        var r = new PyDict();
                        foreach (var (k, v) in d.Pairs)
                        {
                            if (!TryConst(k, out var kc) || !TryConst(v, out var vc)) return false;
                            if (!Guard(() => r[kc] = vc)) return false;
                        }
                        value = r;
                        return true;
                    }
                case BinaryExpr b:
                    {
                        if (!TryConst(b.Left, out var l) || !TryConst(b.Right, out var r)) return false;
                        return Guard(() => BinaryExpr.Apply(b.Op, l, r), out value);
                    }
                case UnaryExpr u:
                    if (!TryConst(u.Operand, out var uv)) return false;
                    return Guard(() => u.Op == "-" ? PyArith.Neg(uv) : PyArith.Pos(uv), out value);
                case NotExpr n:
                    if (!TryConst(n.Operand, out var nv)) return false;
                    value = !PyOps.Truthy(nv);
                    return true;
                case AndExpr a:
                    if (!TryConst(a.Left, out var al)) return false;
                    if (!PyOps.Truthy(al)) { value = al; return true; }
                    return TryConst(a.Right, out value);
                case OrExpr o:
                    if (!TryConst(o.Left, out var ol)) return false;
                    if (PyOps.Truthy(ol)) { value = ol; return true; }
                    return TryConst(o.Right, out value);
                case ConcatExpr c:
                    {
                        var sb = new System.Text.StringBuilder();
                        foreach (var p in c.Parts) { if (!TryConst(p, out var pv)) return false; sb.Append(PyFormat.Str(pv)); }
                        value = sb.ToString();
                        return true;
                    }
                case CompareExpr c:
                    {
                        if (!TryConst(c.First, out var left)) return false;
                        foreach (var (op, operand) in c.Ops)
                        {
                            if (!TryConst(operand, out var right)) return false;
                            if (!Guard(() => PyOps.CompareOp(op, left, right), out var res)) return false;
                            if (!(bool)res!) { value = false; return true; }
                            left = right;
                        }
                        value = true;
                        return true;
                    }
                case CondExpr c:
                    if (!TryConst(c.Test, out var test)) return false;
                    if (PyOps.Truthy(test)) return TryConst(c.Then, out value);
                    return c.Otherwise != null && TryConst(c.Otherwise, out value);
                case GetattrExpr g:
                    if (!TryConst(g.Target, out var gt)) return false;
                    return Guard(() => Lookup.GetAttr(gt, g.Attr), out value);
                case GetitemExpr g:
                    {
                        if (!TryConst(g.Target, out var obj)) return false;
                        if (g.Key is SliceExpr s)
                        {
                            object? b0 = null, b1 = null, b2 = null;
                            if ((s.Start != null && !TryConst(s.Start, out b0)) || (s.Stop != null && !TryConst(s.Stop, out b1))
                                || (s.Step != null && !TryConst(s.Step, out b2))) return false;
                            return Guard(() => Lookup.GetSlice(obj, b0, b1, b2), out value);
                        }
                        if (!TryConst(g.Key, out var key)) return false;
                        return Guard(() => Lookup.GetItem(obj, key), out value);
                    }
                case FilterExpr f:
                    {
                        if (f.Func == null || FilterRegistry.ContextFilters.Contains(f.Name)) return false;
                        if (!TryArgs(f.Args, out var args) || !TryConst(f.Target, out var target)) return false;
                        if (f.Name == "choice" && counter != null) counter.Calls++;
                        return Guard(() => f.Func(_ctx, target, args), out value);
                    }
                case TestExpr t:
                    {
                        if (t.Func == null) return false;
                        if (!TryArgs(t.Args, out var args) || !TryConst(t.Target, out var target)) return false;
                        return Guard(() => t.Func(_ctx, target, args), out value);
                    }
                default:
                    return false;
            }
        }

        static bool Guard(Func<object?> f, out object? value)
        {
            try { value = f(); return true; }
            catch (Exception) { value = null; return false; }
        }

        static bool Guard(Action f)
        {
            try { f(); return true; }
            catch (Exception) { return false; }
        }

        bool TryArgs(CallArgs a, out PyArgs args)
        {
            args = PyArgs.Empty;
            var pos = new List<object?>(a.Positional.Length);
            foreach (var p in a.Positional) { if (!TryConst(p, out var v)) return false; pos.Add(v); }
            var kw = new List<KeyValuePair<string, object?>>(a.Keywords.Length);
            foreach (var (name, expr) in a.Keywords) { if (!TryConst(expr, out var v)) return false; kw.Add(new(name, v)); }
            if (a.DynArgs != null)
            {
                if (!TryConst(a.DynArgs, out var dyn) || !Guard(() => PyIter.Iterate(dyn).ToList(), out var items)) return false;
                pos.AddRange((List<object?>)items!);
            }
            if (a.DynKwargs != null)
            {
                if (!TryConst(a.DynKwargs, out var dk) || dk is not PyDict d) return false;
                foreach (var kv in d.Items) kw.Add(new(PyFormat.Str(kv.Key), kv.Value));
            }
            args = new PyArgs(pos.ToArray(), kw.ToArray());
            return true;
        }
    }
}
