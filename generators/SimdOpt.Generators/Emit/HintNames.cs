using System;
using System.Collections.Immutable;

namespace SimdOpt.Generators.Emit;

/// <summary>
/// Names the generated file of each optimizer: its unescaped full name (a hint name may not hold C#'s '@'), unique
/// ignoring case, since the driver refuses two hint names that differ only in case (and so would a file system).
/// </summary>
internal static class HintNames
{
    private const string Suffix = ".SimdOpt.g.cs";

    /// <summary>The full names that equal another one ignoring case, in ordinal order: usually none.</summary>
    public static EquatableArray<string> CaseTwins(ImmutableArray<OptimizerDeclaration> declared) =>
        declared.Select(d => d.TypeName).Distinct(StringComparer.Ordinal)
            .GroupBy(name => name, StringComparer.OrdinalIgnoreCase)
            .Where(group => group.Count() > 1)
            .SelectMany(group => group)
            .OrderBy(name => name, StringComparer.Ordinal)
            .ToEquatableArray();

    /// <summary><c>Specs.Lamb.SimdOpt.g.cs</c>; the second and later of case twins get
    /// <c>Specs.Lamb.2.SimdOpt.g.cs</c>, ...</summary>
    public static string For(string fullName, EquatableArray<string> caseTwins)
    {
        int rank = caseTwins.Where(name => string.Equals(name, fullName, StringComparison.OrdinalIgnoreCase))
            .TakeWhile(name => name != fullName).Count();
        // A class name never starts with a digit, so ".2" cannot be another class's name.
        return fullName + (rank == 0 ? "" : "." + (rank + 1)) + Suffix;
    }
}
