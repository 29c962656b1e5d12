using System.Globalization;
using Microsoft.CodeAnalysis.CSharp;

namespace SimdOpt.Generators.Emit;

/// <summary>C# literals, always in the invariant culture and round-trip precision.</summary>
internal static class Literals
{
    public static string Double(double value) =>
        double.IsNaN(value) ? "double.NaN"
        : double.IsPositiveInfinity(value) ? "double.PositiveInfinity"
        : double.IsNegativeInfinity(value) ? "double.NegativeInfinity"
        : value < 0 || (value == 0 && 1 / value < 0) ? "(" + value.ToString("R", CultureInfo.InvariantCulture) + "D)"
        : value.ToString("R", CultureInfo.InvariantCulture) + "D";

    public static string Bool(bool value) => value ? "true" : "false";

    public static string String(string? value) =>
        value is null ? "null" : SymbolDisplay.FormatLiteral(value, quote: true);

    /// <summary>
    /// Text safe inside a one-line XML doc comment: markup escaped; every character C# reads as a line break (which
    /// would end the comment) and every character XML forbids (controls, lone surrogates) replaced.
    /// </summary>
    public static string Xml(string? value)
    {
        var text = new System.Text.StringBuilder();
        string input = value ?? "";
        for (int i = 0; i < input.Length; i++)
        {
            char c = input[i];
            if (char.IsHighSurrogate(c) && i + 1 < input.Length && char.IsLowSurrogate(input[i + 1]))
                text.Append(c).Append(input[++i]);
            else if (c == '&') text.Append("&amp;");
            else if (c == '<') text.Append("&lt;");
            else if (c == '>') text.Append("&gt;");
            else if (c is '\r' or '\n' or '\u0085' or '\u2028' or '\u2029' || (c < ' ' && c != '\t')) text.Append(' ');
            else if (char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF') text.Append('\uFFFD');
            else text.Append(c);
        }
        return text.ToString();
    }
}
