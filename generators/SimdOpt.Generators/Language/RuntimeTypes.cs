namespace SimdOpt.Generators.Language;

/// <summary>
/// The types generated code refers to (always as <c>global::</c>), by metadata name: those Emit/RuntimeNames spells for
/// the emitters. A type of the consumer's compilation with one of these full names, or with the full name of a
/// namespace they live in, would be found first and break the generated code: <c>RuntimeTypeTests</c> holds this list
/// to every name the generated code spells.
/// </summary>
internal static class RuntimeTypes
{
    public static readonly string[] Referenced = Emit.RuntimeNames.Types;

    /// <summary>The referenced types and every namespace on their way (<c>SimdOpt</c>, <c>SimdOpt.Kernels</c>,
    /// <c>System</c>, ...).</summary>
    public static IEnumerable<string> NamesToKeepFree()
    {
        var names = new SortedSet<string>(System.StringComparer.Ordinal);
        foreach (var type in Referenced)
        {
            names.Add(type);
            for (int dot = type.IndexOf('.'); dot > 0; dot = type.IndexOf('.', dot + 1))
                names.Add(type.Substring(0, dot));
        }
        return names.ToArray();
    }
}
