namespace SimdOpt.Generators.Emit;

/// <summary>
/// Every runtime type generated code refers to, spelled once and fully qualified from <c>global::</c>, so a consumer's
/// own type of the same name (a <c>SimdOpt.Kernels.Guard</c>, a <c>System</c> namespace of its own) never captures a
/// reference. Analysis keeps the same list by metadata name (Language/RuntimeTypes) to refuse a consumer type that
/// would shadow one; a generator test holds that list to every name the emitted code spells.
/// </summary>
internal static class RuntimeNames
{
    public const string Kernels = "global::SimdOpt.Kernels.";
    public const string OptimizerHyperparameters = Kernels + "OptimizerHyperparameters";
    public const string OptimizerInfo = Kernels + "OptimizerInfo";
    public const string HyperparameterInfo = Kernels + "HyperparameterInfo";
    public const string FlagInfo = Kernels + "FlagInfo";
    public const string StateInfo = Kernels + "StateInfo";
    public const string StepStateInfo = Kernels + "StepStateInfo";
    public const string InputInfo = Kernels + "InputInfo";
    public const string InputSpans = Kernels + "InputSpans";
    public const string OptimizerRegistry = Kernels + "OptimizerRegistry";
    public const string OptimizerMode = Kernels + "OptimizerMode";
    public const string StepPlan = Kernels + "StepPlan";
    public const string StateSpans = Kernels + "StateSpans";
    public const string KernelPath = Kernels + "KernelPath";
    public const string KernelPaths = Kernels + "KernelPaths";

    public const string Internal = Kernels + "Internal.";
    public const string Guard = Internal + "Guard";
    public const string KernelAlignment = Internal + "KernelAlignment";
    public const string ISwitch = Internal + "ISwitch";
    public const string On = Internal + "On";
    public const string Off = Internal + "Off";
    public const string DeterministicReduction = Internal + "DeterministicReduction";
    public const string ReductionLanes = Internal + "ReductionLanes";

    public const string Span = "global::System.Span";
    public const string ReadOnlySpan = "global::System.ReadOnlySpan";
    public const string MemoryMarshal = "global::System.Runtime.InteropServices.MemoryMarshal";
    public const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";
    public const string ArgumentException = "global::System.ArgumentException";
    public const string ArgumentNullException = "global::System.ArgumentNullException";
    public const string ArgumentOutOfRangeException = "global::System.ArgumentOutOfRangeException";
    public const string InvalidOperationException = "global::System.InvalidOperationException";
    public const string NotSupportedException = "global::System.NotSupportedException";
    public const string ModuleInitializer = "[global::System.Runtime.CompilerServices.ModuleInitializer]";
    public const string NoInlining = "[global::System.Runtime.CompilerServices.MethodImpl("
        + "global::System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]";

    public const string AggressiveInlining = "[global::System.Runtime.CompilerServices.MethodImpl("
        + "global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]";

    /// <summary>The constraint of every generic kernel method: float or double, as the loops' operators need.</summary>
    public const string FloatingPoint = "where T : unmanaged, global::System.Numerics.IFloatingPointIeee754<T>";
}
