using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using SimdOpt.Generators.Model;

namespace SimdOpt.Generators.Parsing;

/// <summary>
/// The optimizers the referenced assemblies register: every class with <c>[Optimizer]</c> in SimdOpt itself and in
/// any assembly that references SimdOpt (only those can declare one), so a consumer's name that clashes is an error
/// at build time rather than a conflict at run time. A spec with <c>Registered = false</c> (SimdOpt's averaging rules)
/// registers nothing, so its name is free for a consumer's optimizer.
/// </summary>
internal static class ReferencedOptimizers
{
    private const string RuntimeAssembly = "SimdOpt";

    public static EquatableArray<RegisteredOptimizer> Find(Compilation compilation, CancellationToken cancellationToken)
    {
        var found = new List<RegisteredOptimizer>();
        foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            if (assembly.Name != RuntimeAssembly
                && !assembly.Modules.Any(m => m.ReferencedAssemblies.Any(r => r.Name == RuntimeAssembly)))
                continue;
            Collect(assembly.GlobalNamespace, assembly.Name, found, cancellationToken);
        }
        return found.ToEquatableArray();
    }

    private static void Collect(INamespaceSymbol ns, string assembly, List<RegisteredOptimizer> found,
        CancellationToken cancellationToken)
    {
        foreach (var type in ns.GetTypeMembers())
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var attribute in type.GetAttributes())
                if (SpecAttributes.IsSpec(attribute.AttributeClass)
                    && SpecAttributes.ShortName(attribute.AttributeClass) == SpecAttributes.Optimizer
                    && attribute.ConstructorArguments.FirstOrDefault().Value is string name
                    && !attribute.NamedArguments.Any(a => a.Key == "Registered" && a.Value.Value is false))
                    found.Add(new RegisteredOptimizer(name, SpecParser.FullName(type), assembly));
        }
        foreach (var inner in ns.GetNamespaceMembers()) Collect(inner, assembly, found, cancellationToken);
    }
}
