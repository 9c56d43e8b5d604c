using T0Sharp.Prompts.Jinja.Filters;
using T0Sharp.Prompts.Jinja.Nodes;

namespace T0Sharp.Prompts.Jinja;

internal sealed partial class Parser
{
    static readonly Dictionary<string, string> CompareOps = new()
    {
        ["=="] = "eq", ["!="] = "ne", ["<"] = "lt", ["<="] = "lteq", [">"] = "gt", [">="] = "gteq",
    };

    Expr ParseExpression(bool withCondExpr = true) => withCondExpr ? ParseCondExpr() : ParseOr();

    Expr ParseCondExpr()
    {
        var expr1 = ParseOr();
        while (Current.IsName("if"))
        {
            int off = Next().Offset;
            var test = ParseOr();
            Expr? expr2 = null;
            if (Current.IsName("else")) { _i++; expr2 = ParseCondExpr(); }
            expr1 = new CondExpr(off, test, expr1, expr2);
        }
        return expr1;
    }

    Expr ParseOr()
    {
        var left = ParseAnd();
        while (Current.IsName("or")) { int off = Next().Offset; left = new OrExpr(off, left, ParseAnd()); }
        return left;
    }

    Expr ParseAnd()
    {
        var left = ParseNot();
        while (Current.IsName("and")) { int off = Next().Offset; left = new AndExpr(off, left, ParseNot()); }
        return left;
    }

    Expr ParseNot()
    {
        if (Current.IsName("not")) { int off = Next().Offset; return new NotExpr(off, ParseNot()); }
        return ParseCompare();
    }

    Expr ParseCompare()
    {
        var first = ParseMath1();
        var ops = new List<(string, Expr)>();
        while (true)
        {
            if (Current.Type == TokenType.Operator && CompareOps.TryGetValue(Current.Text, out var op))
            {
                _i++;
                ops.Add((op, ParseMath1()));
            }
            else if (Current.IsName("in")) { _i++; ops.Add(("in", ParseMath1())); }
            else if (Current.IsName("not") && Peek().IsName("in")) { _i += 2; ops.Add(("notin", ParseMath1())); }
            else break;
        }
        return ops.Count == 0 ? first : new CompareExpr(first.Offset, first, ops.ToArray());
    }

    bool IsOp(string op) => Current.Type == TokenType.Operator && Current.Text == op;

    Expr ParseMath1()
    {
        var left = ParseConcat();
        while (IsOp("+") || IsOp("-"))
        {
            var t = Next();
            left = new BinaryExpr(t.Offset, t.Text, left, ParseConcat());
        }
        return left;
    }

    Expr ParseConcat()
    {
        var first = ParseMath2();
        if (!IsOp("~")) return first;
        var parts = new List<Expr> { first };
        while (IsOp("~")) { _i++; parts.Add(ParseMath2()); }
        return new ConcatExpr(first.Offset, parts.ToArray());
    }

    Expr ParseMath2()
    {
        var left = ParsePow();
        while (IsOp("*") || IsOp("/") || IsOp("//") || IsOp("%"))
        {
            var t = Next();
            left = new BinaryExpr(t.Offset, t.Text, left, ParsePow());
        }
        return left;
    }

    Expr ParsePow()
    {
        var left = ParseUnary();
        while (IsOp("**"))
        {
            var t = Next();
            left = new BinaryExpr(t.Offset, "**", left, ParseUnary());
        }
        return left;
    }

    Expr ParseUnary(bool withFilter = true)
    {
        Expr node;
        if (IsOp("-")) { int off = Next().Offset; node = new UnaryExpr(off, "-", ParseUnary(false)); }
        else if (IsOp("+")) { int off = Next().Offset; node = new UnaryExpr(off, "+", ParseUnary(false)); }
        else node = ParsePrimary();
        node = ParsePostfix(node);
        if (withFilter) node = ParseFilterExpr(node);
        return node;
    }

    Expr ParsePrimary()
    {
        var t = Current;
        switch (t.Type)
        {
            case TokenType.Name:
                _i++;
                return t.Text switch
                {
                    "true" or "True" => new Const(t.Offset, true),
                    "false" or "False" => new Const(t.Offset, false),
                    "none" or "None" => new Const(t.Offset, null),
                    _ => new NameExpr(t.Offset, t.Text),
                };
            case TokenType.String:
                {
                    _i++;
                    string s = (string)t.Value!;
                    while (Current.Type == TokenType.String) s += (string)Next().Value!;
                    return new Const(t.Offset, s);
                }
            case TokenType.Integer or TokenType.Float:
                _i++;
                return new Const(t.Offset, t.Value);
            case TokenType.Operator when t.Text == "(":
                {
                    _i++;
                    var e = ParseTuple(explicitParentheses: true);
                    Expect(")");
                    return e;
                }
            case TokenType.Operator when t.Text == "[": return ParseList();
            case TokenType.Operator when t.Text == "{": return ParseDict();
        }
        if (t.Type == TokenType.Eof) throw Fail("unexpected end of template, expected 'end of print statement'.");
        throw Fail($"unexpected '{t.Describe()}'");
    }

    /// <summary>Jinja's parse_tuple: an expression, or a comma-separated tuple of them.</summary>
    Expr ParseTuple(bool simplified = false, bool withCondExpr = true, string[]? extraEndRules = null, bool explicitParentheses = false)
    {
        int off = Current.Offset;
        var items = new List<Expr>();
        bool isTuple = false;
        while (true)
        {
            if (items.Count > 0) Expect(",");
            if (IsTupleEnd(extraEndRules)) break;
            items.Add(simplified ? ParsePrimary() : withCondExpr ? ParseExpression() : ParseExpression(false));
            if (IsOp(",")) isTuple = true; else break;
        }
        if (!isTuple)
        {
            if (items.Count > 0) return items[0];
            if (!explicitParentheses) throw Fail($"Expected an expression, got '{Current.Describe()}'");
        }
        return new TupleLiteral(off, items.ToArray());
    }

    bool IsTupleEnd(string[]? extraEndRules)
    {
        var t = Current;
        if (t.Type is TokenType.VariableEnd or TokenType.BlockEnd or TokenType.Eof) return true;
        if (t.Type == TokenType.Operator && t.Text == ")") return true;
        return extraEndRules != null && t.Type == TokenType.Name && extraEndRules.Contains(t.Text);
    }

    Expr ParseList()
    {
        int off = Expect("[").Offset;
        var items = new List<Expr>();
        while (!IsOp("]"))
        {
            if (items.Count > 0) Expect(",");
            if (IsOp("]")) break;
            items.Add(ParseExpression());
        }
        Expect("]");
        return new ListLiteral(off, items.ToArray());
    }

    Expr ParseDict()
    {
        int off = Expect("{").Offset;
        var pairs = new List<(Expr, Expr)>();
        while (!IsOp("}"))
        {
            if (pairs.Count > 0) Expect(",");
            if (IsOp("}")) break;
            var key = ParseExpression();
            Expect(":");
            pairs.Add((key, ParseExpression()));
        }
        Expect("}");
        return new DictLiteral(off, pairs.ToArray());
    }

    Expr ParsePostfix(Expr node)
    {
        while (true)
        {
            if (IsOp(".") || IsOp("[")) node = ParseSubscript(node);
            else if (IsOp("(")) node = new CallExpr(node.Offset, node, ParseCallArgs());
            else return node;
        }
    }

    Expr ParseFilterExpr(Expr node)
    {
        while (true)
        {
            if (IsOp("|")) node = ParseFilter(node);
            else if (Current.IsName("is")) node = ParseTest(node);
            else if (IsOp("(")) node = new CallExpr(node.Offset, node, ParseCallArgs());
            else return node;
        }
    }

    Expr ParseFilterChain(Expr node)
    {
        while (IsOp("|")) node = ParseFilter(node);
        return node;
    }

    Expr ParseSubscript(Expr node)
    {
        var t = Next();
        if (t.Text == ".")
        {
            var attr = Current;
            if (attr.Type == TokenType.Name) { _i++; return new GetattrExpr(t.Offset, node, attr.Text); }
            if (attr.Type == TokenType.Integer) { _i++; return new GetitemExpr(t.Offset, node, new Const(attr.Offset, attr.Value)); }
            throw Fail("expected name or number");
        }
        var args = new List<Expr>();
        while (!IsOp("]"))
        {
            if (args.Count > 0) { Expect(","); if (IsOp("]")) break; }
            args.Add(ParseSubscribed());
        }
        Expect("]");
        var key = args.Count == 1 ? args[0] : new TupleLiteral(t.Offset, args.ToArray());
        return new GetitemExpr(t.Offset, node, key);
    }

    Expr ParseSubscribed()
    {
        int off = Current.Offset;
        Expr? start = null;
        if (IsOp(":")) { _i++; }
        else
        {
            var e = ParseExpression();
            if (!IsOp(":")) return e;
            _i++;
            start = e;
        }
        Expr? stop = null, step = null;
        if (!IsOp("]") && !IsOp(",") && !IsOp(":")) stop = ParseExpression();
        if (IsOp(":"))
        {
            _i++;
            if (!IsOp("]") && !IsOp(",")) step = ParseExpression();
        }
        return new SliceExpr(off, start, stop, step);
    }

    CallArgs ParseCallArgs()
    {
        var open = Expect("(");
        var pos = new List<Expr>();
        var kw = new List<(string, Expr)>();
        Expr? dynArgs = null, dynKwargs = null;
        bool requireComma = false;
        while (!IsOp(")"))
        {
            if (requireComma)
            {
                Expect(",");
                if (IsOp(")")) break;
            }
            if (IsOp("*"))
            {
                if (dynArgs != null || dynKwargs != null) throw Fail("invalid syntax for function call expression");
                _i++;
                dynArgs = ParseExpression();
            }
            else if (IsOp("**"))
            {
                if (dynKwargs != null) throw Fail("invalid syntax for function call expression");
                _i++;
                dynKwargs = ParseExpression();
            }
            else if (Current.Type == TokenType.Name && Peek().Type == TokenType.Operator && Peek().Text == "=")
            {
                if (dynKwargs != null) throw Fail("invalid syntax for function call expression");
                var key = Next().Text;
                _i++;
                kw.Add((key, ParseExpression()));
            }
            else
            {
                if (dynArgs != null || dynKwargs != null || kw.Count > 0) throw Fail("invalid syntax for function call expression");
                pos.Add(ParseExpression());
            }
            requireComma = true;
        }
        Expect(")");
        _ = open;
        return new CallArgs(pos.ToArray(), kw.ToArray(), dynArgs, dynKwargs);
    }

    Expr ParseFilter(Expr node)
    {
        var bar = Expect("|");
        var nameTok = Expect(TokenType.Name, "name");
        string name = nameTok.Text;
        while (IsOp(".") && Peek().Type == TokenType.Name) { _i++; name += "." + Next().Text; }
        var args = IsOp("(") ? ParseCallArgs() : CallArgs.None;
        var func = FilterRegistry.Get(name);
        if (func == null && _ifDepth == 0) throw Fail($"No filter named '{name}'.", nameTok.Offset);
        return new FilterExpr(bar.Offset, node, name, args, func);
    }

    Expr ParseTest(Expr node)
    {
        var isTok = Next();
        bool negated = false;
        if (Current.IsName("not")) { _i++; negated = true; }
        var nameTok = Expect(TokenType.Name, "name");
        string name = nameTok.Text;
        while (IsOp(".") && Peek().Type == TokenType.Name) { _i++; name += "." + Next().Text; }
        CallArgs args;
        if (IsOp("(")) args = ParseCallArgs();
        else if ((Current.Type is TokenType.Name or TokenType.String or TokenType.Integer or TokenType.Float
                  || IsOp("(") || IsOp("[") || IsOp("{"))
                 && !(Current.IsName("else") || Current.IsName("or") || Current.IsName("and")))
        {
            if (Current.IsName("is")) throw Fail("You cannot chain multiple tests with is");
            var arg = ParsePostfix(ParsePrimary());
            args = new CallArgs([arg], [], null, null);
        }
        else args = CallArgs.None;
        var func = TestRegistry.Get(name);
        if (func == null && _ifDepth == 0) throw Fail($"No test named '{name}'.", nameTok.Offset);
        Expr result = new TestExpr(isTok.Offset, node, name, args, func);
        if (negated) result = new NotExpr(isTok.Offset, result);
        return result;
    }
}
