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
    sealed class Impossible : Exception { }

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
                            try
                            {
                                var v = AsConst(p);
                                Folded[p.FoldSlot] = new FoldedValue(v);
                            }
                            catch (Exception) { pending.Add(p); }
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
            try
            {
                var v = AsConst(e);
                if (HasSafeRepr(v)) Folded[e.FoldSlot] = new FoldedValue(v);
            }
            catch (Exception) { }
        }

        static bool HasSafeRepr(object? v) => v switch
        {
            null or bool or long or double or string or PyRange => true,
            PyList l => l.All(HasSafeRepr),
            PyTuple t => t.Items.All(HasSafeRepr),
            PyDict d => d.Items.All(kv => HasSafeRepr(kv.Key) && HasSafeRepr(kv.Value)),
            _ => false,
        };

        /// <summary>Jinja's <c>Node.as_const</c>, draws included; throws when Jinja raises Impossible.</summary>
        object? AsConst(Expr e)
        {
            if (e.FoldSlot >= 0 && Folded[e.FoldSlot] is FoldedValue fv) return fv.Fresh();
            switch (e)
            {
                case Const c: return c.Value;
                case TemplateData d: return d.Text;
                case ListLiteral l: return new PyList(l.Items.Select(AsConst));
                case TupleLiteral t: return new PyTuple(t.Items.Select(AsConst).ToArray());
                case DictLiteral d:
                    {
                        var r = new PyDict();
                        foreach (var (k, v) in d.Pairs) { var kc = AsConst(k); r[kc] = AsConst(v); }
                        return r;
                    }
                case BinaryExpr b: return BinaryExpr.Apply(b.Op, AsConst(b.Left), AsConst(b.Right));
                case UnaryExpr u: { var v = AsConst(u.Operand); return u.Op == "-" ? PyArith.Neg(v) : PyArith.Pos(v); }
                case NotExpr n: return !PyOps.Truthy(AsConst(n.Operand));
                case AndExpr a: { var l = AsConst(a.Left); return PyOps.Truthy(l) ? AsConst(a.Right) : l; }
                case OrExpr o: { var l = AsConst(o.Left); return PyOps.Truthy(l) ? l : AsConst(o.Right); }
                case ConcatExpr c: return string.Concat(c.Parts.Select(p => PyFormat.Str(AsConst(p))));
                case CompareExpr c:
                    {
                        var left = AsConst(c.First);
                        foreach (var (op, operand) in c.Ops)
                        {
                            var right = AsConst(operand);
                            if (!PyOps.CompareOp(op, left, right)) return false;
                            left = right;
                        }
                        return true;
                    }
                case CondExpr c:
                    if (PyOps.Truthy(AsConst(c.Test))) return AsConst(c.Then);
                    if (c.Otherwise == null) throw new Impossible();
                    return AsConst(c.Otherwise);
                case GetattrExpr g: return Lookup.GetAttr(AsConst(g.Target), g.Attr);
                case GetitemExpr g:
                    {
                        var obj = AsConst(g.Target);
                        if (g.Key is SliceExpr s)
                            return Lookup.GetSlice(obj, s.Start == null ? null : AsConst(s.Start), s.Stop == null ? null : AsConst(s.Stop), s.Step == null ? null : AsConst(s.Step));
                        return Lookup.GetItem(obj, AsConst(g.Key));
                    }
                case FilterExpr f:
                    {
                        if (f.Func == null || FilterRegistry.ContextFilters.Contains(f.Name)) throw new Impossible();
                        var args = ArgsAsConst(f.Args);
                        var value = AsConst(f.Target);
                        if (f.Name == "choice" && counter != null) counter.Calls++;
                        return f.Func(_ctx, value, args);
                    }
                case TestExpr t:
                    {
                        if (t.Func == null) throw new Impossible();
                        var args = ArgsAsConst(t.Args);
                        return t.Func(_ctx, AsConst(t.Target), args);
                    }
                default: throw new Impossible();
            }
        }

        PyArgs ArgsAsConst(CallArgs a)
        {
            var pos = a.Positional.Select(AsConst).ToList();
            var kw = a.Keywords.Select(k => new KeyValuePair<string, object?>(k.Name, AsConst(k.Value))).ToList();
            if (a.DynArgs != null) pos.AddRange(PyIter.Iterate(AsConst(a.DynArgs)));
            if (a.DynKwargs != null)
            {
                if (AsConst(a.DynKwargs) is not PyDict d) throw new Impossible();
                foreach (var kv in d.Items) kw.Add(new(PyFormat.Str(kv.Key), kv.Value));
            }
            return new PyArgs(pos.ToArray(), kw.ToArray());
        }
    }
}
