namespace SimdOpt.Generators.Emit;

/// <summary>
/// Every runtime type generated code refers to, spelled once and fully qualified from <c>global::</c>, so a consumer's
/// own type of the same name (a <c>SimdOpt.Kernels.Guard</c>, a <c>System</c> namespace of its own) never captures a
/// reference. <see cref="Types"/> lists them by metadata name, from which analysis (Language/RuntimeTypes) finds a
/// consumer type that would shadow one; a generator test holds that list to every name the emitted code spells.
/// </summary>
internal static class RuntimeNames
{
    private const string Global = "global::";

    public const string Kernels = Global + "SimdOpt.Kernels.";
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
    public const string KernelMath = Internal + "KernelMath";
    public const string ISwitch = Internal + "ISwitch";
    public const string On = Internal + "On";
    public const string Off = Internal + "Off";
    public const string DeterministicReduction = Internal + "DeterministicReduction";
    public const string ReductionLanes = Internal + "ReductionLanes";
    public const string IElementStorage = Internal + "IElementStorage";
    public const string NativeStorage = Internal + "NativeStorage";
    public const string KernelMemory = Internal + "KernelMemory";

    public const string SystemMath = Global + "System.Math";
    public const string Span = Global + "System.Span";
    public const string ReadOnlySpan = Global + "System.ReadOnlySpan";
    public const string MemoryMarshal = Global + "System.Runtime.InteropServices.MemoryMarshal";
    public const string ArgumentException = Global + "System.ArgumentException";
    public const string ArgumentNullException = Global + "System.ArgumentNullException";
    public const string ArgumentOutOfRangeException = Global + "System.ArgumentOutOfRangeException";
    public const string InvalidOperationException = Global + "System.InvalidOperationException";
    public const string NotSupportedException = Global + "System.NotSupportedException";

    public const string IFloatingPointIeee754 = Global + "System.Numerics.IFloatingPointIeee754";
    public const string VectorApi = Global + "System.Numerics.Vector";
    public const string Vector128Api = Global + "System.Runtime.Intrinsics.Vector128";
    public const string Vector256Api = Global + "System.Runtime.Intrinsics.Vector256";
    public const string Vector512Api = Global + "System.Runtime.Intrinsics.Vector512";

    private const string CompilerServices = Global + "System.Runtime.CompilerServices.";
    public const string Unsafe = CompilerServices + "Unsafe";
    private const string MethodImpl = CompilerServices + "MethodImpl";
    private const string MethodImplOptions = CompilerServices + "MethodImplOptions";
    private const string ModuleInitializerAttribute = CompilerServices + "ModuleInitializer";
    public const string ModuleInitializer = "[" + ModuleInitializerAttribute + "]";
    public const string NoInlining = "[" + MethodImpl + "(" + MethodImplOptions + ".NoInlining)]";

    public const string AggressiveInlining = "[" + MethodImpl + "(" + MethodImplOptions + ".AggressiveInlining)]";

    /// <summary>The constraint of every generic kernel method: float or double, as the loops' operators need.</summary>
    public const string FloatingPoint = "where T : unmanaged, " + IFloatingPointIeee754 + "<T>";

    /// <summary>Every type above by metadata name, without <c>global::</c>: a generic type with its arity
    /// (<c>System.Span`1</c>), an attribute with its suffix, a vector API with its vector type.</summary>
    public static readonly string[] Types = MetadataNames(
        FlagInfo, HyperparameterInfo, InputInfo, InputSpans + "`1", KernelPath, KernelPaths, OptimizerHyperparameters,
        OptimizerInfo, OptimizerMode, OptimizerRegistry, StateInfo, StateSpans + "`1", StepPlan + "`1", StepStateInfo,
        DeterministicReduction, ReductionLanes, Guard, ISwitch, KernelAlignment, KernelMath, On, Off, IElementStorage,
        NativeStorage, KernelMemory,
        ArgumentException, ArgumentNullException, ArgumentOutOfRangeException, InvalidOperationException,
        NotSupportedException, SystemMath, Span + "`1", ReadOnlySpan + "`1",
        IFloatingPointIeee754 + "`1", VectorApi, VectorApi + "`1",
        MethodImpl + "Attribute", MethodImplOptions, ModuleInitializerAttribute + "Attribute", Unsafe,
        MemoryMarshal,
        Vector128Api, Vector128Api + "`1", Vector256Api, Vector256Api + "`1", Vector512Api, Vector512Api + "`1");

    private static string[] MetadataNames(params string[] spelled)
    {
        var names = new string[spelled.Length];
        for (int i = 0; i < spelled.Length; i++) names[i] = spelled[i].Substring(Global.Length);
        return names;
    }
}
