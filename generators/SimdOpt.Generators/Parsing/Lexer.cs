using System.Collections.Generic;
using System.Globalization;

namespace SimdOpt.Generators.Parsing;

/// <summary>Splits an expression string into numbers, identifiers and operator symbols.</summary>
internal static class Lexer
{
    private static readonly string[] TwoCharSymbols = { "<=", ">=", "==", "!=", "&&", "||" };
    private const string OneCharSymbols = "+-*/%()?:,<>!";

    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            int start = i;
            if (char.IsDigit(c) || (c == '.' && i + 1 < text.Length && char.IsDigit(text[i + 1])))
            {
                i = ScanNumber(text, i);
                string literal = text.Substring(start, i - start);
                tokens.Add(double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
                    ? new Token(TokenKind.Number, literal, start, value)
                    : new Token(TokenKind.Invalid, literal, start));
                continue;
            }
            if (char.IsLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_')) i++;
                tokens.Add(new Token(TokenKind.Identifier, text.Substring(start, i - start), start));
                continue;
            }
            if (i + 1 < text.Length)
            {
                string two = text.Substring(i, 2);
                if (System.Array.IndexOf(TwoCharSymbols, two) >= 0)
                {
                    tokens.Add(new Token(TokenKind.Symbol, two, start));
                    i += 2;
                    continue;
                }
            }
            tokens.Add(OneCharSymbols.IndexOf(c) >= 0
                ? new Token(TokenKind.Symbol, c.ToString(), start)
                : new Token(TokenKind.Invalid, c.ToString(), start));
            i++;
        }
        tokens.Add(new Token(TokenKind.End, "", text.Length));
        return tokens;
    }

    private static int ScanNumber(string text, int i)
    {
        while (i < text.Length && char.IsDigit(text[i])) i++;
        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && char.IsDigit(text[i])) i++;
        }
        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            int j = i + 1;
            if (j < text.Length && (text[j] == '+' || text[j] == '-')) j++;
            if (j < text.Length && char.IsDigit(text[j]))
            {
                i = j;
                while (i < text.Length && char.IsDigit(text[i])) i++;
            }
        }
        // A number glued to letters ("2x", "1e") is one bad token, not two good ones.
        while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_' || text[i] == '.')) i++;
        return i;
    }
}
