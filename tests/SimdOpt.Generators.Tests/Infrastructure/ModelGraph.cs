using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace SimdOpt.Generators.Tests.Infrastructure;

/// <summary>
/// Walks a pipeline model by reflection, field by field, and names the first value that would keep a compilation
/// alive or defeat caching: a symbol, a syntax node or tree, a semantic model, a compilation or a source location.
/// </summary>
internal static class ModelGraph
{
    private static readonly Type[] Banned =
        { typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(SemanticModel), typeof(Compilation), typeof(Location) };

    /// <summary>The path to the first banned value under <paramref name="root"/>, or null when there is none.</summary>
    public static string? FindBanned(object? root)
    {
        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        return Visit(root, "model", visited);
    }

    private static string? Visit(object? node, string path, HashSet<object> visited)
    {
        if (node is null) return null;
        var type = node.GetType();
        if (Banned.FirstOrDefault(banned => banned.IsAssignableFrom(type)) is { } found)
            return $"{path} is a {found.Name} ({type.FullName})";
        if (type.IsPrimitive || type.IsEnum || node is string || node is decimal) return null;
        if (!type.IsValueType && !visited.Add(node)) return null;
        if (node is IEnumerable items)
        {
            int index = 0;
            foreach (var item in items)
                if (Visit(item, $"{path}[{index++}]", visited) is { } inItem) return inItem;
            return null;
        }
        for (var declaring = type; declaring is not null; declaring = declaring.BaseType)
            foreach (var field in declaring.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                if (Visit(field.GetValue(node), path + "." + field.Name, visited) is { } inField) return inField;
        return null;
    }
}
