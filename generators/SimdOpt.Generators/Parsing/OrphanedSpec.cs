using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SimdOpt.Generators.Language;
using SimdOpt.Generators.Model;

namespace SimdOpt.Generators.Parsing;

/// <summary>
/// Finds a class that carries spec attributes (<c>[Hyperparameter]</c>, <c>[Update]</c>, ...) but no
/// <c>[Optimizer]</c>: without it the generator never looks at the class, so a forgotten <c>[Optimizer]</c> would
/// otherwise fail silently, with no kernel and no error.
/// </summary>
internal static class OrphanedSpec
{
    /// <summary>Only type declarations with attributes can be orphaned specs.</summary>
    public static bool IsCandidate(SyntaxNode node) =>
        node is TypeDeclarationSyntax { AttributeLists.Count: > 0 }
            and (ClassDeclarationSyntax or RecordDeclarationSyntax);

    /// <summary>SIMDOPT0019 for the declaration, or null when it is no orphaned spec.</summary>
    public static DiagnosticInfo? Find(GeneratorSyntaxContext context, CancellationToken cancellationToken)
    {
        var declaration = (TypeDeclarationSyntax)context.Node;
        if (context.SemanticModel.GetDeclaredSymbol(declaration, cancellationToken) is not INamedTypeSymbol type)
            return null;
        var specAttributes = type.GetAttributes()
            .Where(attribute => SpecAttributes.IsSpec(attribute.AttributeClass))
            .Select(attribute => SpecAttributes.ShortName(attribute.AttributeClass))
            .ToList();
        // Partial declarations: report once, on the first declaration, and only when the type has no [Optimizer] at
        // all.
        if (specAttributes.Count == 0 || specAttributes.Contains(SpecAttributes.Optimizer)) return null;
        if (type.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) != declaration) return null;
        string names = string.Join(", ", specAttributes.Distinct().Select(name => "[" + name + "]"));
        return DiagnosticInfo.Create(Diagnostics.SpecWithoutOptimizer,
            LocationInfo.From(declaration.SyntaxTree, declaration.Identifier.Span), type.Name, names);
    }
}
