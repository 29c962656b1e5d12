using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using SimdOpt.Generators.Model;

namespace SimdOpt.Generators.Parsing;

/// <summary>
/// The text of one attribute string argument and where it sits in the file. When the literal has no escape
/// sequences, every character maps to its own place, so a diagnostic can point inside the string; otherwise
/// diagnostics fall back to the whole argument.
/// </summary>
internal sealed class StringSource
{
    private readonly SyntaxTree? _tree;
    private readonly int _contentStart;

    public StringSource(string text, SyntaxTree? tree, int contentStart, LocationInfo? whole)
    {
        Text = text;
        _tree = tree;
        _contentStart = contentStart;
        Whole = whole;
    }

    public string Text { get; }

    /// <summary>The location of the whole argument (or attribute), used when a character cannot be mapped.</summary>
    public LocationInfo? Whole { get; }

    public static StringSource Synthetic(string text, LocationInfo? location) => new(text, null, -1, location);

    public LocationInfo? Locate(int offset, int length)
    {
        if (_tree is null || _contentStart < 0) return Whole;
        offset = System.Math.Max(0, System.Math.Min(offset, Text.Length));
        length = System.Math.Max(0, System.Math.Min(length, Text.Length - offset));
        return LocationInfo.From(_tree, new TextSpan(_contentStart + offset, length));
    }
}
