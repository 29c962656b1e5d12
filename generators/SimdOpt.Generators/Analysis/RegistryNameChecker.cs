using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using SimdOpt.Generators.Language;
using SimdOpt.Generators.Model;

namespace SimdOpt.Generators.Analysis;

/// <summary>
/// The registry finds an optimizer by its name, ignoring case: checks that no two classes of the compilation, and no
/// class of it and one of a referenced assembly, take the same name. The first declaration (by file and position)
/// keeps a name used twice in the compilation; every later one, and every one a reference already uses, is an error.
/// </summary>
internal static class RegistryNameChecker
{
    public static RegistryCheck Check(ImmutableArray<OptimizerDeclaration> declared,
        EquatableArray<RegisteredOptimizer> referenced)
    {
        var owners = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var optimizer in referenced)
            if (!owners.ContainsKey(optimizer.Name))
                owners[optimizer.Name] = $"'{optimizer.TypeName}' of {optimizer.Assembly}";
        var diagnostics = new List<DiagnosticInfo>();
        var refused = new List<string>();
        var ordered = declared.Where(d => d.Name.Length > 0)
            .OrderBy(d => d.Location?.FilePath ?? "", StringComparer.Ordinal)
            .ThenBy(d => d.Location?.Span.Start ?? 0)
            .ThenBy(d => d.TypeName, StringComparer.Ordinal);
        foreach (var declaration in ordered)
        {
            if (owners.TryGetValue(declaration.Name, out var owner))
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.DuplicateOptimizerName, declaration.Location,
                    declaration.Name, owner));
                refused.Add(declaration.TypeName);
            }
            else
            {
                owners[declaration.Name] = $"'{declaration.TypeName}'";
            }
        }
        return new RegistryCheck(diagnostics.ToEquatableArray(), refused.ToEquatableArray());
    }
}
