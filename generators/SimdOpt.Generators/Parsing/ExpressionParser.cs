using System;
using System.Collections.Generic;
using SimdOpt.Generators.Language;
using SimdOpt.Generators.Model;

namespace SimdOpt.Generators.Parsing;

/// <summary>
/// Recursive-descent parser of the expression language. Precedence, lowest first:
/// <c>?:</c>, <c>||</c>, <c>&amp;&amp;</c>, comparisons, <c>+ -</c>, <c>* / %</c>, unary <c>- ! +</c>, then
/// numbers, <c>true</c>/<c>false</c>, names, calls <c>f(a, b)</c> and parentheses.
/// A syntax error becomes one located diagnostic; the parser never throws past <see cref="Parse"/>.
/// </summary>
internal sealed class ExpressionParser
{
    // Bounds that keep a hostile spec from exhausting the compiler's stack or time.
    public const int MaxLength = 4000;
    public const int MaxDepth = 100;
    public const int MaxNodes = 2000;

    private readonly StringSource _source;
    private readonly List<Token> _tokens;
    private int _position;
    private int _depth;
    private int _nodes;

    private ExpressionParser(StringSource source)
    {
        _source = source;
        _tokens = Lexer.Tokenize(source.Text);
    }

    /// <summary>Parses <paramref name="source"/>; returns null and a diagnostic on a syntax error.</summary>
    public static Expr? Parse(StringSource source, out DiagnosticInfo? error)
    {
        error = null;
        if (source.Text.Length > MaxLength)
        {
            error = DiagnosticInfo.Create(Diagnostics.SyntaxError, source.Whole, source.Text.Substring(0, 20) + "...",
                $"the expression is longer than {MaxLength} characters");
            return null;
        }
        var parser = new ExpressionParser(source);
        try
        {
            var expr = parser.ParseConditional();
            if (parser.Current.Kind != TokenKind.End)
                throw parser.Error(parser.Current,
                    $"unexpected '{parser.Current.Text}' after the end of the expression");
            return expr;
        }
        catch (SyntaxErrorException e)
        {
            error = DiagnosticInfo.Create(Diagnostics.SyntaxError, source.Locate(e.Start, e.Length), source.Text,
                e.Message);
            return null;
        }
    }

    private Token Current => _tokens[_position];

    private Token Advance() => _tokens[_position++];

    private Expr ParseConditional()
    {
        Enter();
        var condition = ParseOr();
        if (Current.Is("?"))
        {
            Advance();
            var whenTrue = ParseConditional();
            Expect(":");
            var whenFalse = ParseConditional();
            condition = Node(ExprKind.Conditional, condition, whenTrue, whenFalse);
        }
        _depth--;
        return condition;
    }

    private Expr ParseOr() => ParseLeftAssociative(ParseAnd, ("||", ExprKind.Or));

    private Expr ParseAnd() => ParseLeftAssociative(ParseComparison, ("&&", ExprKind.And));

    private Expr ParseComparison() => ParseLeftAssociative(ParseAdditive,
        ("<", ExprKind.Less), ("<=", ExprKind.LessOrEqual), (">", ExprKind.Greater),
        (">=", ExprKind.GreaterOrEqual), ("==", ExprKind.Equal), ("!=", ExprKind.NotEqual));

    private Expr ParseAdditive() =>
        ParseLeftAssociative(ParseMultiplicative, ("+", ExprKind.Add), ("-", ExprKind.Subtract));

    private Expr ParseMultiplicative() =>
        ParseLeftAssociative(ParseUnary, ("*", ExprKind.Multiply), ("/", ExprKind.Divide), ("%", ExprKind.Modulo));

    private Expr ParseLeftAssociative(Func<Expr> operand, params (string Symbol, ExprKind Kind)[] operators)
    {
        var left = operand();
        int chain = 0;
        while (true)
        {
            ExprKind? kind = null;
            foreach (var op in operators)
                if (Current.Is(op.Symbol)) kind = op.Kind;
            if (kind is null) return left;
            var token = Advance();
            // A long chain builds a deep tree even without parentheses; bound it like nesting.
            if (++chain + _depth > MaxDepth)
                throw Error(token, $"the expression nests deeper than {MaxDepth} levels");
            left = Node(kind.Value, left, operand());
        }
    }

    private Expr ParseUnary()
    {
        var token = Current;
        if (token.Is("-") || token.Is("!") || token.Is("+"))
        {
            Advance();
            Enter();
            var operand = ParseUnary();
            _depth--;
            if (token.Is("+")) return operand;
            return Node(token.Is("-") ? ExprKind.Negate : ExprKind.Not, _source.Locate(token.Start, 1), operand);
        }
        return ParsePrimary();
    }

    private Expr ParsePrimary()
    {
        var token = Advance();
        switch (token.Kind)
        {
            case TokenKind.Number:
                Count();
                return Expr.Number(token.Value, _source.Locate(token.Start, token.Text.Length));
            case TokenKind.Identifier when token.Text is "true" or "false":
                Count();
                return Expr.Boolean(token.Text == "true", _source.Locate(token.Start, token.Text.Length));
            case TokenKind.Identifier when Current.Is("("):
                return ParseCall(token);
            case TokenKind.Identifier:
                Count();
                return Expr.Ref(token.Text, _source.Locate(token.Start, token.Text.Length));
            case TokenKind.Symbol when token.Text == "(":
                Enter();
                var inner = ParseConditional();
                Expect(")");
                _depth--;
                return inner;
            case TokenKind.End:
                throw Error(token, _position == 1 ? "the expression is empty" : "the expression ends too early");
            case TokenKind.Invalid:
                throw Error(token, $"'{token.Text}' is not a number, a name or an operator");
            default:
                throw Error(token, $"unexpected '{token.Text}'");
        }
    }

    private Expr ParseCall(Token name)
    {
        Advance(); // (
        Enter();
        var arguments = new List<Expr>();
        if (!Current.Is(")"))
        {
            do
            {
                if (arguments.Count > 0) Advance(); // ,
                arguments.Add(ParseConditional());
            } while (Current.Is(","));
        }
        var close = Current;
        Expect(")");
        _depth--;
        Count();
        return Expr.Call(name.Text, _source.Locate(name.Start, close.Start + 1 - name.Start), arguments.ToArray());
    }

    private void Expect(string symbol)
    {
        if (!Current.Is(symbol))
            throw Error(Current, Current.Kind == TokenKind.End
                ? $"expected '{symbol}' before the end"
                : $"expected '{symbol}' but found '{Current.Text}'");
        Advance();
    }

    private void Enter()
    {
        if (++_depth > MaxDepth)
            throw Error(Current, $"the expression nests deeper than {MaxDepth} levels");
    }

    private void Count()
    {
        if (++_nodes > MaxNodes)
            throw Error(Current, $"the expression has more than {MaxNodes} terms");
    }

    private Expr Node(ExprKind kind, params Expr[] operands) => Node(kind, operands[0].Location, operands);

    private Expr Node(ExprKind kind, LocationInfo? first, params Expr[] operands)
    {
        Count();
        return Expr.Op(kind, LocationInfo.Union(first, operands[operands.Length - 1].Location), operands);
    }

    private SyntaxErrorException Error(Token token, string message) =>
        new(message, token.Start, Math.Max(1, token.Text.Length));

    private sealed class SyntaxErrorException : Exception
    {
        public SyntaxErrorException(string message, int start, int length) : base(message)
        {
            Start = start;
            Length = length;
        }

        public int Start { get; }

        public int Length { get; }
    }
}
