using T0Sharp.Prompts.Jinja.Nodes;
using T0Sharp.Prompts.Jinja.Runtime;

namespace T0Sharp.Prompts.Jinja.Analysis;

/// <summary>
/// Reproduces Jinja's frame symbol analysis so that variable visibility matches exactly: sets in a for body are
/// per-iteration, a name first assigned in a frame is Undefined there until assigned (even if an outer value
/// exists, unless the outer frame references it), if-branches share the enclosing frame. Fills in the layouts of
/// for loops and set-blocks and returns the root layout plus the names resolved from the render context.
/// </summary>
internal sealed class ScopeAnalyzer
{
    readonly HashSet<string> _resolved = new(StringComparer.Ordinal);
    Symbols _symbols = new(null);

    public static (FrameLayout Root, HashSet<string> Undeclared) Analyze(Stmt[] body)
    {
        var a = new ScopeAnalyzer();
        var root = a.AnalyzeFrame(null, s => { foreach (var st in body) s.VisitStmt(st); });
        return (root, a._resolved);
    }

    FrameLayout AnalyzeFrame(Symbols? parent, Action<ScopeAnalyzer> visit, Action<ScopeAnalyzer>? declare = null)
    {
        var saved = _symbols;
        _symbols = new Symbols(parent);
        declare?.Invoke(this);
        visit(this);
        var frame = _symbols;
        _symbols = saved;
        foreach (var kv in frame.Refs) if (kv.Value == LoadKind.Resolve) _resolved.Add(kv.Key);
        // Nested frames are laid out after this frame is complete (Jinja analyses a frame before generating its children).
        var layout = new FrameLayout(frame.UndefinedOnEntry());
        foreach (var pending in frame == null ? [] : PendingFor(frame)) pending();
        return layout;
    }

    readonly Dictionary<Symbols, List<Action>> _pending = [];

    List<Action> PendingFor(Symbols s)
    {
        if (_pending.Remove(s, out var list)) return list;
        return [];
    }

    void Defer(Action a)
    {
        if (!_pending.TryGetValue(_symbols, out var list)) _pending[_symbols] = list = [];
        list.Add(a);
    }

    void VisitStmt(Stmt s)
    {
        switch (s)
        {
            case OutputStmt o:
                foreach (var p in o.Parts) VisitExpr(p);
                break;
            case AssignStmt a:
                VisitExpr(a.Value);
                VisitTarget(a.Target, param: false);
                break;
            case AssignBlockStmt ab:
                {
                    VisitTarget(ab.Target, param: false);
                    var frame = _symbols;
                    Defer(() =>
                    {
                        var layout = AnalyzeFrame(frame, x => { foreach (var st in ab.Body) x.VisitStmt(st); });
                        ab.Layout.MissingOnEntry = layout.MissingOnEntry;
                        if (ab.Filter != null) WithSymbols(frame, x => x.VisitExpr(ab.Filter));
                    });
                    break;
                }
            case IfStmt i:
                VisitIf(i);
                break;
            case ForStmt f:
                {
                    VisitExpr(f.Iter);
                    var frame = _symbols;
                    Defer(() => LayoutFor(f, frame));
                    break;
                }
        }
    }

    void LayoutFor(ForStmt f, Symbols frame)
    {
        if (f.Test != null)
            AnalyzeFrame(frame, x => x.VisitExpr(f.Test), x => x.VisitTarget(f.Target, param: true));
        var body = AnalyzeFrame(frame, x => { foreach (var st in f.Body) x.VisitStmt(st); },
            x => { x._symbols.DeclareParameter("loop"); x.VisitTarget(f.Target, param: true); });
        f.BodyLayout = body;
        if (f.Else.Length > 0)
            f.ElseLayout = AnalyzeFrame(frame, x => { foreach (var st in f.Else) x.VisitStmt(st); });
    }

    void WithSymbols(Symbols s, Action<ScopeAnalyzer> a)
    {
        var saved = _symbols;
        _symbols = s;
        a(this);
        _symbols = saved;
    }

    void VisitIf(IfStmt i)
    {
        VisitExpr(i.Test);
        var original = _symbols;
        Symbols Inner(IEnumerable<Action> visits)
        {
            _symbols = original.Copy();
            var rv = _symbols;
            foreach (var v in visits) v();
            _symbols = original;
            // pending nested frames registered on the copy belong to the original frame's code generation
            if (_pending.Remove(rv, out var list))
            {
                if (!_pending.TryGetValue(original, out var target)) _pending[original] = target = [];
                target.AddRange(list);
            }
            return rv;
        }
        var body = Inner(i.Body.Select(st => (Action)(() => VisitStmt(st))));
        var elif = Inner(i.Elifs.Select(e => (Action)(() => VisitStmt(e))));
        var other = Inner(i.Else.Select(st => (Action)(() => VisitStmt(st))));
        original.BranchUpdate([body, elif, other]);
    }

    void VisitTarget(Expr target, bool param)
    {
        switch (target)
        {
            case NameExpr n:
                if (param) _symbols.DeclareParameter(n.Name); else _symbols.Store(n.Name);
                break;
            case TupleLiteral t:
                foreach (var item in t.Items) VisitTarget(item, param);
                break;
            case NamespaceRef r:
                _symbols.Load(r.Name);
                break;
        }
    }

    void VisitExpr(Node e)
    {
        if (e is NameExpr n) { _symbols.Load(n.Name); return; }
        foreach (var c in e.Children) VisitExpr(c);
    }
}
