using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using SimdOpt.Generators.Language;
using SimdOpt.Generators.Model;

namespace SimdOpt.Generators.Parsing;

/// <summary>
/// Finds the types of the compilation being built whose full name is that of a type or namespace the generated code
/// refers to: a consumer's <c>SimdOpt.Kernels.Internal.Guard</c> or <c>System.Math</c> would be found before the
/// runtime's, even through <c>global::</c>, and the generated code would not compile.
/// </summary>
internal static class HiddenRuntimeTypes
{
    private static readonly string[] Names = RuntimeTypes.NamesToKeepFree().ToArray();

    public static EquatableArray<HidingType> Find(Compilation compilation, CancellationToken cancellationToken)
    {
        var found = new List<HidingType>();
        foreach (var name in Names)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // A lookup by metadata name in the declarations of this compilation, then whether a reference has the name
            // too (in SimdOpt itself the runtime's types are the real ones).
            if (compilation.Assembly.GetTypeByMetadataName(name) is not { } type || !IsReferenced(compilation, name))
                continue;
            var location = type.Locations.FirstOrDefault(l => l.IsInSource);
            found.Add(new HidingType(name,
                location?.SourceTree is { } tree ? LocationInfo.From(tree, location.SourceSpan) : null));
        }
        return found.ToEquatableArray();
    }

    private static bool IsReferenced(Compilation compilation, string name) =>
        compilation.GetTypesByMetadataName(name)
            .Any(type => !SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, compilation.Assembly))
        || Namespace(compilation.GlobalNamespace, name) is { } ns
            && ns.ConstituentNamespaces.Any(part => part.ContainingAssembly is { } assembly
                && !SymbolEqualityComparer.Default.Equals(assembly, compilation.Assembly));

    private static INamespaceSymbol? Namespace(INamespaceSymbol global, string name)
    {
        INamespaceSymbol? ns = global;
        foreach (var part in name.Split('.'))
            ns = ns?.GetNamespaceMembers().FirstOrDefault(inner => inner.Name == part);
        return ns;
    }
}
