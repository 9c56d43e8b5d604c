using T0Sharp.Prompts.Jinja.Filters;
using T0Sharp.Prompts.Jinja.Nodes;

namespace T0Sharp.Prompts.Jinja;

/// <summary>Jinja's recursive-descent parser for statements (if, for, set) and expressions, with Jinja's precedence.</summary>
internal sealed partial class Parser
{
    readonly List<Token> _tokens;
    readonly SourceText _text;
    readonly List<string> _endTokenStack = [];
    readonly List<string> _tagStack = [];
    int _i;
    int _ifDepth;

    Parser(List<Token> tokens, SourceText text)
    {
        _tokens = tokens;
        _text = text;
    }

    public static Stmt[] Parse(SourceText text)
    {
        var p = new Parser(Lexer.Tokenize(text), text);
        var body = p.Subparse(null);
        return body;
    }

    Token Current => _tokens[_i].Type == TokenType.Error ? throw (TemplateSyntaxException)_tokens[_i].Value! : _tokens[_i];
    Token Peek(int n = 1) => _tokens[Math.Min(_i + n, _tokens.Count - 1)];
    Token Next()
    {
        var t = Current;
        _i++;
        return t;
    }

    TemplateSyntaxException Fail(string message, int? offset = null) => _text.Error(message, offset ?? Current.Offset);

    Token Expect(string op)
    {
        if (!Current.Is(op) || Current.Type == TokenType.String)
        {
            if (Current.Type == TokenType.Eof)
                throw Fail($"unexpected end of template, expected '{op}'.");
            throw Fail($"expected token '{op}', got '{Current.Describe()}'");
        }
        return Next();
    }

    Token Expect(TokenType type, string what)
    {
        if (Current.Type != type)
        {
            if (Current.Type == TokenType.Eof) throw Fail($"unexpected end of template, expected '{what}'.");
            throw Fail($"expected token '{what}', got '{Current.Describe()}'");
        }
        return Next();
    }

    bool SkipIf(string op)
    {
        if (Current.Is(op) && Current.Type != TokenType.String) { _i++; return true; }
        return false;
    }

    /// <summary>Parses statements until one of <paramref name="endTokens"/> (a block tag name) is next.</summary>
    Stmt[] Subparse(string[]? endTokens)
    {
        var body = new List<Stmt>();
        var data = new List<Expr>();
        int dataStart = Current.Offset;
        void Flush()
        {
            if (data.Count > 0) body.Add(new OutputStmt(dataStart, data.ToArray()));
            data.Clear();
        }
        if (endTokens != null) _endTokenStack.Add(string.Join(",", endTokens));
        try
        {
            while (Current.Type != TokenType.Eof)
            {
                var tok = Current;
                if (data.Count == 0) dataStart = tok.Offset;
                if (tok.Type == TokenType.Data)
                {
                    data.Add(new TemplateData(tok.Offset, tok.Text));
                    _i++;
                }
                else if (tok.Type == TokenType.VariableBegin)
                {
                    _i++;
                    data.Add(ParseTuple(withCondExpr: true));
                    Expect(TokenType.VariableEnd, "end of print statement");
                }
                else if (tok.Type == TokenType.BlockBegin)
                {
                    Flush();
                    _i++;
                    if (endTokens != null && Current.Type == TokenType.Name && endTokens.Contains(Current.Text))
                        return body.ToArray();
                    body.Add(ParseStatement());
                    Expect(TokenType.BlockEnd, "end of statement block");
                }
                else throw Fail("internal parsing error");
            }
            Flush();
            if (endTokens != null) throw UnexpectedEnd(null);
            return body.ToArray();
        }
        finally
        {
            if (endTokens != null) _endTokenStack.RemoveAt(_endTokenStack.Count - 1);
        }
    }

    TemplateSyntaxException UnexpectedEnd(string? name)
    {
        var expected = new List<string>();
        foreach (var group in _endTokenStack) expected.AddRange(group.Split(','));
        string msg = name == null ? "Unexpected end of template." : $"Encountered unknown tag '{name}'.";
        if (_endTokenStack.Count > 0)
        {
            var last = _endTokenStack[^1].Split(',');
            msg += " Jinja was looking for the following tags: " + string.Join(" or ", last.Select(t => $"'{t}'")) + ".";
        }
        if (_tagStack.Count > 0) msg += $" The innermost block that needs to be closed is '{_tagStack[^1]}'.";
        return Fail(msg);
    }

    Stmt ParseStatement()
    {
        var tok = Current;
        if (tok.Type != TokenType.Name) throw Fail("tag name expected");
        _tagStack.Add(tok.Text);
        bool popTag = true;
        try
        {
            switch (tok.Text)
            {
                case "if": return ParseIf();
                case "for": return ParseFor();
                case "set": return ParseSet();
                default:
                    _tagStack.RemoveAt(_tagStack.Count - 1);
                    popTag = false;
                    throw UnexpectedEnd(tok.Text);
            }
        }
        finally
        {
            if (popTag) _tagStack.RemoveAt(_tagStack.Count - 1);
        }
    }

    IfStmt ParseIf()
    {
        int start = Next().Offset;
        _ifDepth++;
        try
        {
            var test = ParseTuple(withCondExpr: false);
            Expect(TokenType.BlockEnd, "end of statement block");
            var body = Subparse(["elif", "else", "endif"]);
            var elifs = new List<IfStmt>();
            Stmt[] otherwise = [];
            while (true)
            {
                var t = Next();
                if (t.Text == "elif")
                {
                    var etest = ParseTuple(withCondExpr: false);
                    Expect(TokenType.BlockEnd, "end of statement block");
                    var ebody = Subparse(["elif", "else", "endif"]);
                    elifs.Add(new IfStmt(t.Offset, etest, ebody, [], []));
                    continue;
                }
                if (t.Text == "else")
                {
                    Expect(TokenType.BlockEnd, "end of statement block");
                    otherwise = Subparse(["endif"]);
                    Next();
                }
                break;
            }
            return new IfStmt(start, test, body, elifs.ToArray(), otherwise);
        }
        finally { _ifDepth--; }
    }

    ForStmt ParseFor()
    {
        int start = Next().Offset;
        var target = ParseAssignTarget(extraEndRules: ["in"]);
        if (!Current.IsName("in")) throw Fail($"expected token 'in', got '{Current.Describe()}'");
        _i++;
        var iter = ParseTuple(withCondExpr: false, extraEndRules: ["recursive"]);
        Expr? test = null;
        if (Current.IsName("if")) { _i++; test = ParseExpression(); }
        bool recursive = false;
        if (Current.IsName("recursive")) { _i++; recursive = true; }
        Expect(TokenType.BlockEnd, "end of statement block");
        var body = Subparse(["endfor", "else"]);
        Stmt[] otherwise = [];
        if (Next().Text == "else")
        {
            Expect(TokenType.BlockEnd, "end of statement block");
            otherwise = Subparse(["endfor"]);
            Next();
        }
        var loop = new ForStmt(start, target, iter, body, otherwise, test) { Recursive = recursive };
        if (FindLoopStore(loop) is { } bad)
            throw Fail("Can't assign to special loop variable in for-loop target", bad.Offset);
        return loop;
    }

    /// <summary>Jinja refuses any assignment to <c>loop</c> anywhere inside a for statement.</summary>
    static Expr? FindLoopStore(Node n)
    {
        IEnumerable<Expr> targets = n switch
        {
            ForStmt f => [f.Target],
            AssignStmt a => [a.Target],
            AssignBlockStmt b => [b.Target],
            _ => [],
        };
        foreach (var t in targets)
        {
            if (t is NameExpr { Name: "loop" }) return t;
            if (t is TupleLiteral tl && tl.Items.FirstOrDefault(i => i is NameExpr { Name: "loop" }) is { } hit) return hit;
        }
        foreach (var c in n.Children)
            if (c is Stmt && FindLoopStore(c) is { } found) return found;
        return null;
    }

    Stmt ParseSet()
    {
        int start = Next().Offset;
        var target = ParseAssignTarget(withNamespace: true);
        if (SkipIf("="))
        {
            var value = ParseTuple();
            return new AssignStmt(start, target, value);
        }
        Expr? filter = null;
        if (Current.Is("|")) filter = ParseFilterChain(new BlockValue(Current.Offset));
        Expect(TokenType.BlockEnd, "end of statement block");
        var body = Subparse(["endset"]);
        Next();
        return new AssignBlockStmt(start, target, filter, body, new Runtime.FrameLayout([]));
    }

    Expr ParseAssignTarget(bool withTuple = true, bool withNamespace = false, string[]? extraEndRules = null)
    {
        if (withNamespace && Current.Type == TokenType.Name && Peek().Is(".") && Peek().Type == TokenType.Operator
            && Peek(2).Type == TokenType.Name)
        {
            var ns = Next();
            _i++;
            var attr = Next();
            return new NamespaceRef(ns.Offset, ns.Text, attr.Text);
        }
        Expr target;
        if (withTuple)
            target = ParseTuple(simplified: true, extraEndRules: extraEndRules);
        else
        {
            var n = Expect(TokenType.Name, "name");
            target = new NameExpr(n.Offset, n.Text);
        }
        if (!CanAssign(target)) throw Fail($"can't assign to '{TargetKind(target)}'", target.Offset);
        return target;
    }

    static bool CanAssign(Expr e) => e switch
    {
        NameExpr n => n.Name is not ("true" or "false" or "none" or "True" or "False" or "None"),
        TupleLiteral t => t.Items.All(CanAssign),
        _ => false,
    };

    static string TargetKind(Expr e) => e switch
    {
        Const => "const",
        TupleLiteral => "tuple",
        _ => e.GetType().Name.Replace("Expr", "").Replace("Literal", "").ToLowerInvariant(),
    };
}
