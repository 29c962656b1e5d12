namespace SimdOpt.Generators.Parsing;

internal enum TokenKind
{
    Number,
    Identifier,
    Symbol,
    End,
    Invalid,
}

/// <summary>One token of an expression string; <see cref="Start"/> is its offset in the string.</summary>
internal readonly struct Token
{
    public Token(TokenKind kind, string text, int start, double value = 0)
    {
        Kind = kind;
        Text = text;
        Start = start;
        Value = value;
    }

    public TokenKind Kind { get; }

    public string Text { get; }

    public int Start { get; }

    public double Value { get; }

    public bool Is(string symbol) => Kind == TokenKind.Symbol && Text == symbol;
}
