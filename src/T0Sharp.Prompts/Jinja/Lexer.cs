using System.Globalization;
using System.Text;
using T0Sharp.Prompts.Python;

namespace T0Sharp.Prompts.Jinja;

/// <summary>
/// Jinja's lexer for the default delimiters: text, <c>{{ }}</c>, <c>{% %}</c>, <c>{# #}</c>, whitespace control
/// with <c>-</c>, balanced brackets inside tags, Python <c>unicode_escape</c> string literals. Newlines are normalised
/// to <c>\n</c> and exactly one trailing newline is dropped (keep_trailing_newline off).
/// </summary>
internal sealed class Lexer
{
    static readonly string[] Operators =
    [
        "**", "//", "==", "!=", ">=", "<=",
        "+", "-", "/", "*", "%", "~", "[", "]", "(", ")", "{", "}", ">", "<", "=", ".", ":", "|", ",", ";",
    ];

    readonly string _src;
    readonly SourceText _text;
    readonly List<Token> _tokens = [];
    int _pos;

    Lexer(SourceText text)
    {
        _text = text;
        _src = text.Normalized;
    }

    public static List<Token> Tokenize(SourceText text)
    {
        var lexer = new Lexer(text);
        try { lexer.Run(); }
        catch (TemplateSyntaxException e)
        {
            lexer._tokens.Add(new Token(TokenType.Error, "", e, lexer._src.Length));
        }
        return lexer._tokens;
    }

    TemplateSyntaxException Error(string message, int offset) => _text.Error(message, offset);

    void Run()
    {
        bool stripNext = false;
        while (_pos < _src.Length)
        {
            int open = FindTagOpen(_pos);
            int dataEnd = open < 0 ? _src.Length : open;
            string data = _src[_pos..dataEnd];
            if (stripNext) data = LStrip(data);
            bool stripBefore = open >= 0 && open + 2 < _src.Length && _src[open + 2] == '-';
            if (stripBefore) data = RStrip(data);
            if (data.Length > 0) _tokens.Add(new Token(TokenType.Data, data, data, _pos));
            if (open < 0) { _pos = _src.Length; break; }
            char kind = _src[open + 1];
            if (kind == '%' && MatchRawTag(open, "raw", out int rawEnd, out bool rawStripAfter))
            {
                stripNext = LexRaw(open, rawEnd, rawStripAfter);
                continue;
            }
            _pos = open + 2 + (stripBefore || (open + 2 < _src.Length && _src[open + 2] == '+') ? 1 : 0);
            if (kind == '#') stripNext = LexComment(open);
            else stripNext = LexTag(open, kind == '{' ? TokenType.VariableBegin : TokenType.BlockBegin);
        }
        _tokens.Add(new Token(TokenType.Eof, "", null, _src.Length));
    }

    /// <summary>Matches <c>{%[-+]? WORD [-+]?%}</c> at <paramref name="open"/>; reports the end and whether it ends with <c>-%}</c>.</summary>
    bool MatchRawTag(int open, string word, out int end, out bool stripAfter)
    {
        end = 0;
        stripAfter = false;
        int i = open + 2;
        if (i < _src.Length && _src[i] is '-' or '+') i++;
        while (i < _src.Length && PyUnicode.IsSpace(_src[i])) i++;
        if (string.CompareOrdinal(_src, i, word, 0, word.Length) != 0) return false;
        i += word.Length;
        while (i < _src.Length && PyUnicode.IsSpace(_src[i])) i++;
        if (i < _src.Length && _src[i] is '-' or '+') { stripAfter = _src[i] == '-'; i++; }
        if (string.CompareOrdinal(_src, i, "%}", 0, 2) != 0) return false;
        end = i + 2;
        return true;
    }

    /// <summary>A <c>{% raw %}...{% endraw %}</c> block: its body is literal text.</summary>
    bool LexRaw(int open, int bodyStart, bool stripStart)
    {
        for (int i = _src.IndexOf("{%", bodyStart, StringComparison.Ordinal); i >= 0; i = _src.IndexOf("{%", i + 2, StringComparison.Ordinal))
        {
            if (!MatchRawTag(i, "endraw", out int end, out bool stripAfter)) continue;
            string body = _src[bodyStart..i];
            if (stripStart) body = LStrip(body);
            if (i + 2 < _src.Length && _src[i + 2] == '-') body = RStrip(body);
            if (body.Length > 0) _tokens.Add(new Token(TokenType.Data, body, body, bodyStart));
            _pos = end;
            return stripAfter;
        }
        throw Error("Missing end of raw directive", open);
    }

    int FindTagOpen(int from)
    {
        for (int i = _src.IndexOf('{', from); i >= 0 && i + 1 < _src.Length; i = _src.IndexOf('{', i + 1))
        {
            char c = _src[i + 1];
            if (c == '{' || c == '%' || c == '#') return i;
        }
        return -1;
    }

    static string LStrip(string s)
    {
        int i = 0;
        while (i < s.Length && PyUnicode.IsSpace(s[i])) i++;
        return s[i..];
    }

    static string RStrip(string s)
    {
        int i = s.Length;
        while (i > 0 && PyUnicode.IsSpace(s[i - 1])) i--;
        return s[..i];
    }

    bool LexComment(int open)
    {
        int end = _src.IndexOf("#}", _pos, StringComparison.Ordinal);
        if (end < 0) throw Error("Missing end of comment tag", open);
        bool strip = end > _pos - 1 && _src[end - 1] == '-' && end - 1 >= _pos;
        _pos = end + 2;
        return strip;
    }

    bool LexTag(int open, TokenType begin)
    {
        _tokens.Add(new Token(begin, begin == TokenType.VariableBegin ? "{{" : "{%", null, open));
        string close = begin == TokenType.VariableBegin ? "}}" : "%}";
        var endType = begin == TokenType.VariableBegin ? TokenType.VariableEnd : TokenType.BlockEnd;
        var brackets = new Stack<char>();
        while (true)
        {
            while (_pos < _src.Length && PyUnicode.IsSpace(_src[_pos])) _pos++;
            if (_pos >= _src.Length)
                throw Error(begin == TokenType.VariableBegin ? "unexpected end of template, expected 'end of print statement'." : "unexpected end of template, expected 'end of statement block'.", _src.Length);
            if (brackets.Count == 0)
            {
                if (_src[_pos] == '-' && string.CompareOrdinal(_src, _pos + 1, close, 0, 2) == 0)
                {
                    _tokens.Add(new Token(endType, close, null, _pos));
                    _pos += 3;
                    return true;
                }
                if (string.CompareOrdinal(_src, _pos, close, 0, 2) == 0)
                {
                    _tokens.Add(new Token(endType, close, null, _pos));
                    _pos += 2;
                    return false;
                }
            }
            LexExpressionToken(brackets);
        }
    }

    void LexExpressionToken(Stack<char> brackets)
    {
        int start = _pos;
        char c = _src[_pos];
        if (c == '\'' || c == '"') { LexString(c); return; }
        if (char.IsAsciiDigit(c)) { LexNumber(); return; }
        if (c == '_' || char.IsLetter(c))
        {
            while (_pos < _src.Length && (_src[_pos] == '_' || char.IsLetterOrDigit(_src[_pos]))) _pos++;
            string name = _src[start.._pos];
            _tokens.Add(new Token(TokenType.Name, name, name, start));
            return;
        }
        foreach (var op in Operators)
        {
            if (string.CompareOrdinal(_src, _pos, op, 0, op.Length) != 0) continue;
            if (op is "(" or "[" or "{") brackets.Push(op[0]);
            else if (op is ")" or "]" or "}")
            {
                if (brackets.Count == 0) throw Error($"unexpected '{op}'", _pos);
                char expected = brackets.Pop() switch { '(' => ')', '[' => ']', _ => '}' };
                if (expected != op[0]) throw Error($"unexpected '{op}', expected '{expected}'", _pos);
            }
            _tokens.Add(new Token(TokenType.Operator, op, op, _pos));
            _pos += op.Length;
            return;
        }
        throw Error($"unexpected char {PyFormat.Repr(c.ToString())} at {_pos}", _pos);
    }

    void LexNumber()
    {
        int start = _pos;
        bool afterDot = start > 0 && _src[start - 1] == '.';
        if (_src[_pos] == '0' && _pos + 1 < _src.Length && "xXoObB".Contains(_src[_pos + 1]))
        {
            int radix = char.ToLowerInvariant(_src[_pos + 1]) switch { 'x' => 16, 'o' => 8, _ => 2 };
            _pos += 2;
            int ds = _pos;
            while (_pos < _src.Length && (Uri.IsHexDigit(_src[_pos]) || _src[_pos] == '_')) _pos++;
            string digits = _src[ds.._pos].Replace("_", "");
            System.Numerics.BigInteger v = 0;
            foreach (char ch in digits) v = v * radix + Convert.ToInt32(ch.ToString(), 16);
            _tokens.Add(new Token(TokenType.Integer, _src[start.._pos], Python.PyInt.Normalize(v), start));
            return;
        }
        SkipDigits();
        bool isFloat = false;
        if (!afterDot && _pos + 1 < _src.Length && _src[_pos] == '.' && char.IsAsciiDigit(_src[_pos + 1]))
        {
            _pos++;
            SkipDigits();
            isFloat = true;
        }
        if (!afterDot && _pos < _src.Length && (_src[_pos] == 'e' || _src[_pos] == 'E'))
        {
            int save = _pos;
            _pos++;
            if (_pos < _src.Length && (_src[_pos] == '+' || _src[_pos] == '-')) _pos++;
            if (_pos < _src.Length && char.IsAsciiDigit(_src[_pos])) { SkipDigits(); isFloat = true; }
            else _pos = save;
        }
        string text = _src[start.._pos];
        string clean = text.Replace("_", "");
        if (isFloat)
            _tokens.Add(new Token(TokenType.Float, text, double.Parse(clean, NumberStyles.Float, CultureInfo.InvariantCulture), start));
        else if (long.TryParse(clean, NumberStyles.None, CultureInfo.InvariantCulture, out var l))
            _tokens.Add(new Token(TokenType.Integer, text, l, start));
        else // Python ints are unbounded
            _tokens.Add(new Token(TokenType.Integer, text, System.Numerics.BigInteger.Parse(clean, NumberStyles.None, CultureInfo.InvariantCulture), start));
    }

    void SkipDigits()
    {
        while (_pos < _src.Length && (char.IsAsciiDigit(_src[_pos]) || (_src[_pos] == '_' && _pos + 1 < _src.Length && char.IsAsciiDigit(_src[_pos + 1])))) _pos++;
    }

    void LexString(char quote)
    {
        int start = _pos;
        _pos++;
        while (_pos < _src.Length && _src[_pos] != quote)
        {
            if (_src[_pos] == '\\') _pos++;
            _pos++;
        }
        if (_pos >= _src.Length) throw Error($"unexpected char {PyFormat.Repr(quote.ToString())} at {start}", start);
        string raw = _src[(start + 1).._pos];
        _pos++;
        _tokens.Add(new Token(TokenType.String, _src[start.._pos], UnicodeEscape(raw, start), start));
    }

    /// <summary>Python's <c>unicode_escape</c> decoding of a literal's body.</summary>
    string UnicodeEscape(string s, int offset)
    {
        if (s.IndexOf('\\') < 0) return s;
        var sb = new StringBuilder(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c != '\\' || i + 1 >= s.Length) { sb.Append(c); continue; }
            char e = s[++i];
            switch (e)
            {
                case '\n': break;
                case '\\': sb.Append('\\'); break;
                case '\'': sb.Append('\''); break;
                case '"': sb.Append('"'); break;
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'v': sb.Append('\v'); break;
                case 'x': sb.Append(Hex(s, ref i, 2, offset, "\\xXX")); break;
                case 'u': sb.Append(Hex(s, ref i, 4, offset, "\\uXXXX")); break;
                case 'U': sb.Append(Hex(s, ref i, 8, offset, "\\UXXXXXXXX")); break;
                case >= '0' and <= '7':
                    {
                        int v = e - '0', n = 1;
                        while (n < 3 && i + 1 < s.Length && s[i + 1] is >= '0' and <= '7') { v = v * 8 + (s[++i] - '0'); n++; }
                        sb.Append(PyStr.FromCodePoint(v));
                        break;
                    }
                default: sb.Append('\\').Append(e); break;
            }
        }
        return sb.ToString();
    }

    string Hex(string s, ref int i, int n, int offset, string form)
    {
        if (i + n >= s.Length)
            throw Error($"truncated {form} escape", offset);
        var hex = s.Substring(i + 1, n);
        if (!int.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int cp) || hex.Any(ch => !Uri.IsHexDigit(ch)))
            throw Error($"truncated {form} escape", offset);
        if (cp > 0x10FFFF) throw Error("illegal Unicode character", offset);
        i += n;
        return PyStr.FromCodePoint(cp);
    }
}
