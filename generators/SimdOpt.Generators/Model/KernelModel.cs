namespace SimdOpt.Generators.Model;

/// <summary>A hyperparameter with the C# names the emitter uses.</summary>
internal sealed record HyperparameterModel(string Name, string Property, string Parameter, double Default, double Min,
    double Max, bool MinExclusive, bool MaxExclusive, string? Description);

/// <summary>A flag with the C# names the emitter uses.</summary>
internal sealed record FlagModel(string Name, string Property, string Parameter, bool Default, string? Description);

/// <summary>A state buffer: its span parameter, its initial value, and the switch that says whether it exists (-1:
/// always).</summary>
internal sealed record StateModel(string Name, string Parameter, Bound Init, string InitText, Bound? Condition,
    string? ConditionText, int ActiveSwitch);

/// <summary>A per-step scalar state: its <c>ref double</c> parameter and its initial value.</summary>
internal sealed record StepStateModel(string Name, string Parameter, Bound Init, string InitText);

/// <summary>A read-only per-element input: its span parameter, and the switch under which the step reads it (-1: every
/// step).</summary>
internal sealed record InputModel(string Name, string Parameter, string? ConditionText, int ReadSwitch);

internal enum PrologueKind
{
    /// <summary>Throw <see cref="PrologueOp.Message"/> unless the condition holds.</summary>
    Require,

    /// <summary>Compute a per-step <c>let</c>.</summary>
    Let,

    /// <summary>Update a per-step state (under an optional condition).</summary>
    AssignStepState,

    /// <summary>Compute coefficient <see cref="PrologueOp.Index"/> and round it to the element type.</summary>
    Coefficient,

    /// <summary>Compute switch <see cref="PrologueOp.Index"/>.</summary>
    Switch,
}

/// <summary>One computation done once per step, before the loop, in statement order, in double precision.
/// <see cref="Stage"/> is the number of reduction passes that must have run before it (0: before any pass).</summary>
internal sealed record PrologueOp(PrologueKind Kind, int Index, string Name, Bound Value, Bound? Condition,
    string? Message, int Stage = 0);

internal enum LoopKind
{
    /// <summary>A per-element <c>let</c>.</summary>
    Let,

    /// <summary>A new value for state buffer <see cref="LoopOp.Index"/>.</summary>
    AssignState,

    /// <summary>A new value for the gradient, seen by the statements after it.</summary>
    AssignGradient,

    /// <summary>A new value for the parameter.</summary>
    AssignParameter,
}

/// <summary>One per-element statement of the loop body; <see cref="Switch"/> (-1: none) guards it.</summary>
internal sealed record LoopOp(LoopKind Kind, int Index, string Name, Bound Value, int Switch);

/// <summary>Everything the emitter needs for one optimizer, analysed and checked.</summary>
/// <param name="FullName">The namespace and class name unescaped, which names the generated file.</param>
/// <param name="CoefficientCount">The coefficients the loops take, the last being the gradient scale.</param>
/// <param name="SwitchCount">The switches the loops are specialised on, the last being whether the gradient is
/// scaled.</param>
internal sealed record KernelModel(
    string? Namespace,
    string FullName,
    string ClassName,
    string OptimizerName,
    string? Description,
    EquatableArray<HyperparameterModel> Hyperparameters,
    EquatableArray<FlagModel> Flags,
    EquatableArray<StateModel> States,
    EquatableArray<StepStateModel> StepStates,
    EquatableArray<PrologueOp> Prologue,
    EquatableArray<LoopOp> Loop,
    int CoefficientCount,
    int SwitchCount,
    EquatableArray<InputModel> Inputs,
    ReductionPlan? Reductions = null)
{
    /// <summary>Whether the generated code registers the optimizer in the registry (see
    /// <see cref="SpecModel.Registered"/>).</summary>
    public bool Registered { get; init; } = true;

    /// <summary>
    /// The coefficient every loop multiplies g by as it loads it, before any statement reads g (so before maximize's
    /// negation and weight decay's add, and in the reduction passes too): the runtime's per-step gradient scale (the
    /// clip coefficient over the loss scale). Set by the plan, never by the spec's prologue.
    /// </summary>
    public int GradientScaleCoefficient => CoefficientCount - 1;

    /// <summary>The switch that turns the gradient scale on; off, the loops are exactly the unscaled
    /// ones.</summary>
    public int GradientScaleSwitch => SwitchCount - 1;

    /// <summary>The mode switches ([Mode]): empty when the optimizer has no modes.</summary>
    public EquatableArray<ModeKernel> Modes { get; init; } = EquatableArray<ModeKernel>.Empty;
}

/// <summary>The kernel that enters <see cref="Mode"/> (<c>train</c> or <c>eval</c>): its own coefficients, switches and
/// loop over p and the same states as the step's, reading no gradient (an empty <see cref="Kernel"/> loop when only the
/// other mode assigns anything).</summary>
internal sealed record ModeKernel(string Mode, KernelModel Kernel);

/// <summary>The result of analysing one spec: a model to emit when there were no errors, and every
/// diagnostic.</summary>
internal sealed record AnalysisResult(KernelModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);
