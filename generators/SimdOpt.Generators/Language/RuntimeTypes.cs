namespace SimdOpt.Generators.Language;

/// <summary>
/// The types generated code refers to (always as <c>global::</c>, by metadata name here). A type of the consumer's
/// compilation with one of these full names, or with the full name of a namespace they live in, would be found first
/// and break the generated code: <c>RuntimeTypeTests</c> holds this list to every name the generated code spells.
/// </summary>
internal static class RuntimeTypes
{
    public static readonly string[] Referenced =
    {
        "SimdOpt.Kernels.FlagInfo", "SimdOpt.Kernels.HyperparameterInfo", "SimdOpt.Kernels.InputInfo",
        "SimdOpt.Kernels.InputSpans`1", "SimdOpt.Kernels.KernelPath",
        "SimdOpt.Kernels.KernelPaths",
        "SimdOpt.Kernels.OptimizerHyperparameters", "SimdOpt.Kernels.OptimizerInfo",
        "SimdOpt.Kernels.OptimizerMode", "SimdOpt.Kernels.OptimizerRegistry",
        "SimdOpt.Kernels.StateInfo", "SimdOpt.Kernels.StateSpans`1", "SimdOpt.Kernels.StepPlan`1",
        "SimdOpt.Kernels.StepStateInfo",
        "SimdOpt.Kernels.Internal.DeterministicReduction", "SimdOpt.Kernels.Internal.ReductionLanes",
        "SimdOpt.Kernels.Internal.Guard", "SimdOpt.Kernels.Internal.ISwitch",
        "SimdOpt.Kernels.Internal.KernelAlignment",
        "SimdOpt.Kernels.Internal.KernelMath", "SimdOpt.Kernels.Internal.On", "SimdOpt.Kernels.Internal.Off",
        "System.ArgumentException", "System.ArgumentNullException", "System.ArgumentOutOfRangeException",
        "System.InvalidOperationException", "System.NotSupportedException", "System.Math", "System.Span`1",
        "System.ReadOnlySpan`1",
        "System.Numerics.IFloatingPointIeee754`1", "System.Numerics.Vector", "System.Numerics.Vector`1",
        "System.Runtime.CompilerServices.MethodImplAttribute", "System.Runtime.CompilerServices.MethodImplOptions",
        "System.Runtime.CompilerServices.ModuleInitializerAttribute", "System.Runtime.CompilerServices.Unsafe",
        "System.Runtime.InteropServices.MemoryMarshal",
        "System.Runtime.Intrinsics.Vector128", "System.Runtime.Intrinsics.Vector128`1",
        "System.Runtime.Intrinsics.Vector256", "System.Runtime.Intrinsics.Vector256`1",
        "System.Runtime.Intrinsics.Vector512", "System.Runtime.Intrinsics.Vector512`1",
    };

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
