using Microsoft.CodeAnalysis;

namespace SimdOpt.Generators.Parsing;

/// <summary>How the parser recognises the attributes of the spec language (<c>SimdOpt.Spec</c>) and names them.</summary>
internal static class SpecAttributes
{
    /// <summary>The namespace of every spec attribute.</summary>
    public const string Namespace = "SimdOpt.Spec";

    /// <summary>The short name of the attribute that makes a class an optimizer.</summary>
    public const string Optimizer = "Optimizer";

    private const string Suffix = "Attribute";

    /// <summary>Whether <paramref name="attribute"/> belongs to the spec language.</summary>
    public static bool IsSpec(INamedTypeSymbol? attribute) => attribute?.ContainingNamespace?.ToDisplayString() == Namespace;

    /// <summary>The attribute's simple name without the <c>Attribute</c> suffix, e.g. <c>Hyperparameter</c>.</summary>
    public static string ShortName(INamedTypeSymbol? attribute)
    {
        string name = attribute?.Name ?? "";
        return name.EndsWith(Suffix, System.StringComparison.Ordinal) ? name.Substring(0, name.Length - Suffix.Length) : name;
    }
}
