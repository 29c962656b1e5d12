using Microsoft.CodeAnalysis;

namespace SimdOpt.Generators.Language;

/// <summary>Every diagnostic the SimdOpt generator reports. docs/diagnostics.md lists them with examples, messages and
/// fixes.</summary>
internal static class Diagnostics
{
    private const string Category = "SimdOpt.Spec";

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NotPartial = Error("SIMDOPT0001",
        "Optimizer class must be partial",
        "Optimizer class '{0}' must be declared partial so the generator can add its kernels");

    public static readonly DiagnosticDescriptor UnsupportedClass = Error("SIMDOPT0002",
        "Optimizer class shape not supported",
        "Optimizer class '{0}' cannot be generated: {1}");

    public static readonly DiagnosticDescriptor SyntaxError = Error("SIMDOPT0003",
        "Syntax error in expression",
        "Syntax error in expression \"{0}\": {1}");

    public static readonly DiagnosticDescriptor UnknownName = Error("SIMDOPT0004",
        "Unknown name",
        "'{0}' is not declared{1}");

    public static readonly DiagnosticDescriptor DuplicateName = Error("SIMDOPT0005",
        "Name declared twice",
        "'{0}' is already declared{1}");

    public static readonly DiagnosticDescriptor TypeMismatch = Error("SIMDOPT0006",
        "Wrong kind of value",
        "{0}");

    public static readonly DiagnosticDescriptor DefaultOutOfRange = Error("SIMDOPT0007",
        "Default outside the declared range",
        "The default {0} of hyperparameter '{1}' lies outside its range {2}");

    public static readonly DiagnosticDescriptor InvalidRange = Error("SIMDOPT0008",
        "Invalid hyperparameter range",
        "Hyperparameter '{0}' has an invalid range: {1}");

    public static readonly DiagnosticDescriptor InvalidName = Error("SIMDOPT0009",
        "Invalid name",
        "'{0}' cannot be used as a name: {1}");

    public static readonly DiagnosticDescriptor NotPerStep = Error("SIMDOPT0010",
        "Per-element value where a per-step value is required",
        "{0} must be a per-step value, but it reads the per-element value '{1}'");

    public static readonly DiagnosticDescriptor InvalidTarget = Error("SIMDOPT0011",
        "Invalid assignment target",
        "'{0}' cannot be assigned: {1}");

    public static readonly DiagnosticDescriptor StateConditionNotSettings = Error("SIMDOPT0012",
        "State condition must read only flags and hyperparameters",
        "The condition of state '{0}' may read only flags and hyperparameters " +
        "(constants alone only with ! && ||), but it reads '{1}'");

    public static readonly DiagnosticDescriptor BadCall = Error("SIMDOPT0013",
        "Unknown function or wrong number of arguments",
        "{0}");

    public static readonly DiagnosticDescriptor MissingArgument = Error("SIMDOPT0014",
        "Missing attribute argument",
        "The {0} argument of [{1}] must be a constant, non-null string");

    public static readonly DiagnosticDescriptor NoUpdate = new("SIMDOPT0015",
        "Optimizer never changes the parameters",
        "Optimizer '{0}' has no [Update] and never assigns 'p', so a step changes nothing",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidOptimizerName = Error("SIMDOPT0016",
        "Invalid optimizer name",
        "Optimizer name '{0}' is invalid: {1}");

    public static readonly DiagnosticDescriptor SelfComparison = Error("SIMDOPT0017",
        "Value compared with itself",
        "'{0}' compares '{1}' with itself, which does not depend on its value (except for NaN); " +
        "compare two different values");

    public static readonly DiagnosticDescriptor ConstantCondition = Error("SIMDOPT0018",
        "Condition that never changes",
        "{0} reads no hyperparameter, flag, t, per-step state or [Let], so it never changes; " +
        "remove it or make it depend on one");

    public static readonly DiagnosticDescriptor SpecWithoutOptimizer = new("SIMDOPT0019",
        "Spec attributes without [Optimizer]",
        "Class '{0}' carries SimdOpt spec attributes ({1}) but no [Optimizer], so nothing is generated for it",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DuplicateOptimizerName = Error("SIMDOPT0020",
        "Optimizer name used twice",
        "Optimizer name '{0}' is already used by {1}; the registry finds an optimizer by its name, " +
        "so give this one another");

    public static readonly DiagnosticDescriptor HiddenRuntimeType = Error("SIMDOPT0021",
        "Type hides a type the generated code uses",
        "'{0}' has the full name of a type the generated optimizer code refers to, and would hide it; " +
        "rename it or move it to another namespace");

    public static readonly DiagnosticDescriptor MemberClash = Error("SIMDOPT0022",
        "Member clashes with a generated member",
        "'{0}' is also a member the generator adds to '{1}' ({2}); rename it");

    // 0030-0049: reductions over the tensor.
    public static readonly DiagnosticDescriptor ReductionOfPerStepValue = Error("SIMDOPT0030",
        "Reduction of a per-step value",
        "The argument of '{0}' is a per-step value, the same for every element; a reduction adds up a per-element " +
        "value (one that reads g, p, a state or a per-element [Let]) over the tensor");

    public static readonly DiagnosticDescriptor NestedReduction = Error("SIMDOPT0031",
        "Reduction inside a reduction",
        "'{0}' is inside the argument of '{1}'; name the inner reduction with a [Let] first, so the pass that " +
        "computes it comes before the pass that reads it");

    public static readonly DiagnosticDescriptor ReductionNotAllowed = Error("SIMDOPT0032",
        "Reduction where none can be computed yet",
        "{0} reads the reduction '{1}', which {2}");

    public static readonly DiagnosticDescriptor StepWideReductionTooLate = Error("SIMDOPT0040",
        "Step-wide reduction reads a reduction",
        "The argument of '{0}' reads a value computed from another reduction; a step-wide reduction adds up every " +
        "tensor of the step, so it may read only what exists before any tensor's step: g, p, the inputs, the " +
        "states, hyperparameters and flags");

    public static readonly DiagnosticDescriptor TooManyPasses = Error("SIMDOPT0033",
        "Too many reductions or passes",
        "The spec needs {0}, but at most {1} are supported; each pass is a loop per code path in the generated code");

    public static readonly DiagnosticDescriptor ModuloByZero = Error("SIMDOPT0050",
        "Modulo by zero",
        "'%' by the constant 0 is NaN on every step; take the remainder by a value that is not zero");

    public static readonly DiagnosticDescriptor InputReadOutsideCondition = Error("SIMDOPT0051",
        "Input read outside its condition",
        "Input '{0}' is read only on steps when {1} holds, so only a statement with exactly If = \"{1}\" may read it " +
        "(not a [Let], which has no If)");

    // 0052-0059: train/eval modes ([Mode]).
    public static readonly DiagnosticDescriptor UnknownMode = Error("SIMDOPT0052",
        "Unknown mode",
        "'{0}' is not a mode; an optimizer's modes are \"train\" and \"eval\"");

    public static readonly DiagnosticDescriptor ModeReadsStepValue = Error("SIMDOPT0053",
        "Mode switch reads a value of a step",
        "A mode switch runs between steps, so it cannot read '{0}' ({1}); it reads p, states, hyperparameters, " +
        "flags, per-step states and numbers");

    public static readonly DiagnosticDescriptor InvalidModeTarget = Error("SIMDOPT0054",
        "Invalid mode switch target",
        "A mode switch cannot assign '{0}': it assigns p or a [State]");

    public static readonly DiagnosticDescriptor ReductionInMode = Error("SIMDOPT0055",
        "Reduction in a mode switch",
        "A mode switch is one pass over each tensor, so it cannot compute the reduction '{0}'");

    public static readonly DiagnosticDescriptor ModeWithReductions = Error("SIMDOPT0056",
        "Mode switch in a spec with reductions",
        "A spec that computes reductions ('{0}' is one) cannot declare a mode switch yet: the training runtime " +
        "steps such a spec through the chunk protocol, which has no mode switch");
}
