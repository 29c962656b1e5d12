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

    /// <summary>Text safe inside an XML doc comment.</summary>
    public static string Xml(string? value) =>
        (value ?? "").Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\r", " ").Replace("\n", " ");
}
