namespace T0Sharp.Prompts.Jinja;

/// <summary>Token kinds of the Jinja lexer.</summary>
internal enum TokenType
{
    Data, VariableBegin, VariableEnd, BlockBegin, BlockEnd,
    Name, String, Integer, Float, Operator, Eof,
    /// <summary>A lexing error: raised when the parser reaches it (Jinja lexes lazily, so earlier parse errors win).</summary>
    Error,
}

/// <summary>One lexer token. <see cref="Value"/> is the decoded literal for strings/numbers, the text otherwise.</summary>
internal readonly record struct Token(TokenType Type, string Text, object? Value, int Offset)
{
    public bool Is(string op) => (Type == TokenType.Operator || Type == TokenType.Name) && Text == op;
    public bool IsName(string name) => Type == TokenType.Name && Text == name;

    /// <summary>How Jinja describes the token in "expected X, got Y" messages.</summary>
    public string Describe() => Type switch
    {
        TokenType.Eof => "end of template",
        TokenType.VariableEnd => "end of print statement",
        TokenType.BlockEnd => "end of statement block",
        TokenType.VariableBegin => "begin of print statement",
        TokenType.BlockBegin => "begin of statement block",
        TokenType.Data => "template data / text",
        _ => Text,
    };
}
