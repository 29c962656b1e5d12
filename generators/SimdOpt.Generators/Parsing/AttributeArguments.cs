using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SimdOpt.Generators.Model;

namespace SimdOpt.Generators.Parsing;

/// <summary>
/// The arguments of one attribute application, each with the syntax it was written as, so values come from
/// the compiler's constant evaluation and locations from the source.
/// </summary>
internal sealed class AttributeArguments
{
    private readonly AttributeData _data;
    private readonly AttributeSyntax? _syntax;
    private readonly Dictionary<int, ExpressionSyntax> _positional = new();
    private readonly Dictionary<string, ExpressionSyntax> _named = new();

    public AttributeArguments(AttributeData data, CancellationToken cancellationToken)
    {
        _data = data;
        _syntax = data.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        var parameters = data.AttributeConstructor?.Parameters ?? default;
        int position = 0;
        foreach (var argument in _syntax?.ArgumentList?.Arguments ?? default)
        {
            if (argument.NameEquals is { } nameEquals)
                _named[nameEquals.Name.Identifier.ValueText] = argument.Expression;
            else if (argument.NameColon is { } nameColon && !parameters.IsDefault)
            {
                for (int i = 0; i < parameters.Length; i++)
                    if (parameters[i].Name == nameColon.Name.Identifier.ValueText) _positional[i] = argument.Expression;
            }
            else
                _positional[position++] = argument.Expression;
        }
    }

    /// <summary>The attribute's simple name without the <c>Attribute</c> suffix, e.g. <c>Hyperparameter</c>.</summary>
    public string Name => SpecAttributes.ShortName(_data.AttributeClass);

    public LocationInfo? Location => LocationInfo.From(_syntax);

    public LocationInfo? PositionalLocation(int index) =>
        _positional.TryGetValue(index, out var syntax) ? LocationInfo.From(syntax) : Location;

    public LocationInfo? NamedLocation(string name) =>
        _named.TryGetValue(name, out var syntax) ? LocationInfo.From(syntax) : Location;

    /// <summary>The constant value of positional argument <paramref name="index"/>, or null when absent or not a plain
    /// constant.</summary>
    public object? Positional(int index) =>
        index < _data.ConstructorArguments.Length ? ValueOf(_data.ConstructorArguments[index]) : null;

    /// <summary>Whether named argument <paramref name="name"/> was written, and its constant value (null when not a
    /// plain constant).</summary>
    public bool TryNamed(string name, out object? value)
    {
        foreach (var pair in _data.NamedArguments)
            if (pair.Key == name)
            {
                value = ValueOf(pair.Value);
                return true;
            }
        value = null;
        return false;
    }

    // Reading Value of an array or erroneous constant throws; such arguments already have compiler errors.
    private static object? ValueOf(TypedConstant constant) =>
        constant.Kind is TypedConstantKind.Primitive or TypedConstantKind.Enum ? constant.Value : null;

    public string? PositionalString(int index) => Positional(index) as string;

    public string? NamedString(string name) => TryNamed(name, out var value) ? value as string : null;

    public double PositionalDouble(int index) => ToDouble(Positional(index), double.NaN);

    public double NamedDouble(string name, double fallback) =>
        TryNamed(name, out var value) ? ToDouble(value, double.NaN) : fallback;

    public bool NamedBool(string name, bool fallback = false) =>
        TryNamed(name, out var value) ? value is true : fallback;

    /// <summary>The positional string argument as a source an expression can be parsed from.</summary>
    public StringSource? PositionalSource(int index) =>
        PositionalString(index) is { } text ? Source(text, _positional.TryGetValue(index, out var s) ? s : null) : null;

    /// <summary>The named string argument as a source an expression can be parsed from.</summary>
    public StringSource? NamedSource(string name) =>
        NamedString(name) is { } text ? Source(text, _named.TryGetValue(name, out var s) ? s : null) : null;

    private StringSource Source(string text, ExpressionSyntax? syntax)
    {
        if (syntax is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression))
        {
            // Only a literal without escapes maps character for character onto the source.
            string written = literal.Token.Text;
            if (written == "\"" + text + "\"")
                return new StringSource(text, literal.SyntaxTree, literal.Token.SpanStart + 1,
                    LocationInfo.From(literal));
            if (written == "@\"" + text + "\"")
                return new StringSource(text, literal.SyntaxTree, literal.Token.SpanStart + 2,
                    LocationInfo.From(literal));
        }
        return StringSource.Synthetic(text, syntax is null ? Location : LocationInfo.From(syntax));
    }

    private static double ToDouble(object? value, double fallback) => value switch
    {
        double d => d,
        float f => f,
        int i => i,
        long l => l,
        _ => fallback,
    };
}
