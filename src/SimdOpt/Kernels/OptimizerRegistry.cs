namespace SimdOpt.Kernels;

/// <summary>
/// Every optimizer generated into the assemblies loaded so far. Generated code registers each optimizer from
/// a module initializer, so SimdOpt's own optimizers and those a user declares are found the same way.
/// </summary>
/// <remarks>
/// Names are compared ignoring case. Within one compilation the generator refuses a name used twice (SIMDOPT0020),
/// also against the optimizers of the assemblies it references; two assemblies that do not know each other can still
/// both register a name. Registering never throws then (an exception in a module initializer would stop the program
/// before <c>Main</c>): the name becomes ambiguous, and finding it by that name throws, naming every type that took it.
/// </remarks>
public static class OptimizerRegistry
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, List<OptimizerInfo>> Registered = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Registers an optimizer. Called by generated code; registering the same type twice is harmless, and so
    /// is a second type under a name already taken, which makes that name ambiguous.</summary>
    /// <param name="info">The optimizer's description.</param>
    /// <exception cref="ArgumentNullException"><paramref name="info"/> is null.</exception>
    public static void Register(OptimizerInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        lock (Gate)
        {
            if (!Registered.TryGetValue(info.Name, out var owners)) Registered[info.Name] = owners = [];
            if (!owners.Any(owner => owner.Type == info.Type)) owners.Add(info);
        }
    }

    /// <summary>Every registered optimizer, ordered by name (each type of an ambiguous name, ordered by type
    /// name).</summary>
    public static IReadOnlyList<OptimizerInfo> All
    {
        get
        {
            lock (Gate)
                return Registered.Values.SelectMany(owners => owners)
                    .OrderBy(i => i.Name, StringComparer.Ordinal)
                    .ThenBy(i => i.Type.FullName, StringComparer.Ordinal)
                    .ToArray();
        }
    }

    /// <summary>Finds an optimizer by registry name (case-insensitive).</summary>
    /// <param name="name">The registry name, e.g. <c>adamw</c>.</param>
    /// <param name="info">The optimizer, when found.</param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="InvalidOperationException">Types of different assemblies registered the name; the message names
    /// them.</exception>
    public static bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out OptimizerInfo? info)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (Gate)
        {
            if (!Registered.TryGetValue(name, out var owners))
            {
                info = null;
                return false;
            }
            if (owners.Count > 1)
                throw new InvalidOperationException($"Optimizer name '{name}' is ambiguous: it is registered by "
                    + string.Join(" and ", owners
                        .Select(o => $"{o.Type.FullName} ({o.Type.Assembly.GetName().Name})")
                        .Order(StringComparer.Ordinal))
                    + "; rename one of them in its [Optimizer].");
            info = owners[0];
            return true;
        }
    }

    /// <summary>Finds an optimizer by registry name (case-insensitive).</summary>
    /// <param name="name">The registry name, e.g. <c>adamw</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="KeyNotFoundException">No optimizer has that name; the message lists the known ones.</exception>
    /// <exception cref="InvalidOperationException">Types of different assemblies registered the name; the message names
    /// them.</exception>
    public static OptimizerInfo Get(string name) =>
        TryGet(name, out var info)
            ? info
            : throw new KeyNotFoundException(
                $"Unknown optimizer '{name}'. Known: {string.Join(", ", All.Select(i => i.Name).Distinct())}.");
}
