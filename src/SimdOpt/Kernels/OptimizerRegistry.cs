using System.Collections.Concurrent;

namespace SimdOpt.Kernels;

/// <summary>
/// Every optimizer generated into the assemblies loaded so far. Generated code registers each optimizer from
/// a module initializer, so SimdOpt's own optimizers and those a user declares are found the same way.
/// </summary>
public static class OptimizerRegistry
{
    private static readonly ConcurrentDictionary<string, OptimizerInfo> Registered = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Registers an optimizer. Called by generated code; registering the same type twice is harmless.</summary>
    /// <param name="info">The optimizer's description.</param>
    /// <exception cref="InvalidOperationException">Another type is already registered under the same name.</exception>
    public static void Register(OptimizerInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var existing = Registered.GetOrAdd(info.Name, info);
        if (existing.Type != info.Type)
            throw new InvalidOperationException($"Optimizer name '{info.Name}' is declared by both {existing.Type.FullName} and {info.Type.FullName}.");
    }

    /// <summary>Every registered optimizer, ordered by name.</summary>
    public static IReadOnlyList<OptimizerInfo> All => Registered.Values.OrderBy(i => i.Name, StringComparer.Ordinal).ToArray();

    /// <summary>Finds an optimizer by registry name (case-insensitive).</summary>
    /// <param name="name">The registry name, e.g. <c>adamw</c>.</param>
    /// <param name="info">The optimizer, when found.</param>
    public static bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out OptimizerInfo? info) =>
        Registered.TryGetValue(name, out info);

    /// <summary>Finds an optimizer by registry name (case-insensitive).</summary>
    /// <param name="name">The registry name, e.g. <c>adamw</c>.</param>
    /// <exception cref="KeyNotFoundException">No optimizer has that name; the message lists the known ones.</exception>
    public static OptimizerInfo Get(string name) =>
        TryGet(name, out var info)
            ? info
            : throw new KeyNotFoundException($"Unknown optimizer '{name}'. Known: {string.Join(", ", All.Select(i => i.Name))}.");
}
