namespace SimdOpt.Generators.Model;

/// <summary>A declared numeric hyperparameter.</summary>
internal sealed record HyperparameterDecl(string Name, double Default, double Min, double Max, bool MinExclusive,
    bool MaxExclusive, string? Description, LocationInfo? NameLocation, LocationInfo? DefaultLocation,
    LocationInfo? AttributeLocation);

/// <summary>A declared boolean flag.</summary>
internal sealed record FlagDecl(string Name, bool Default, string? Description, LocationInfo? NameLocation);

/// <summary>A declared per-element state buffer; <see cref="Condition"/> (flags only) says when it exists.</summary>
internal sealed record StateDecl(string Name, Expr Init, string InitText, Expr? Condition, string? ConditionText,
    LocationInfo? NameLocation);

/// <summary>A declared per-step scalar state, kept between steps.</summary>
internal sealed record StepStateDecl(string Name, Expr Init, string InitText, LocationInfo? NameLocation);

/// <summary>A declared read-only per-element input of the step; read only on steps when <see cref="Condition"/> (per
/// step) holds, or on every step when it is null.</summary>
internal sealed record InputDecl(string Name, Expr? Condition, string? ConditionText, LocationInfo? NameLocation);

internal enum StatementKind
{
    /// <summary>Names a value for the statements after it.</summary>
    Let,

    /// <summary>Gives a state, a per-step state, <c>g</c> or <c>p</c> a new value.</summary>
    Assign,

    /// <summary>A rule between hyperparameters checked before the step.</summary>
    Require,
}

/// <summary>One statement of the update rule, in attribute order; sugar attributes are already lowered to
/// these.</summary>
internal sealed record Statement(StatementKind Kind, string Target, Expr Value, Expr? Condition, string? Message,
    LocationInfo? TargetLocation);

/// <summary>
/// A member the class itself declares (the generated part adds its own beside it): its name (<c>.ctor</c> for an
/// instance constructor) and, for a constructor, its parameter types (<c>double,bool</c>).
/// </summary>
internal sealed record MemberDecl(string Name, string? Signature, LocationInfo? Location);

/// <summary>Everything the attributes of one optimizer class say, as plain data.</summary>
/// <param name="Namespace">The namespace as C# spells it (keywords escaped with @), or null for the global
/// namespace.</param>
/// <param name="FullName">The namespace and class name unescaped (<c>MyCompany.internal.Lamb</c>), for hint names and
/// messages.</param>
internal sealed record SpecModel(
    string? Namespace,
    string FullName,
    string ClassName,
    string OptimizerName,
    string? Description,
    LocationInfo? ClassLocation,
    LocationInfo? OptimizerNameLocation,
    EquatableArray<HyperparameterDecl> Hyperparameters,
    EquatableArray<FlagDecl> Flags,
    EquatableArray<StateDecl> States,
    EquatableArray<StepStateDecl> StepStates,
    EquatableArray<Statement> Statements,
    EquatableArray<MemberDecl> Members,
    EquatableArray<InputDecl> Inputs)
{
    /// <summary>Whether the generated code registers the spec in the optimizer registry ([Optimizer]'s
    /// <c>Registered</c>): false for the runtime's weight-averaging rules, which are not optimizers.</summary>
    public bool Registered { get; init; } = true;

    /// <summary>The per-element assignments of the mode switches ([Mode]), in declaration order.</summary>
    public EquatableArray<ModeStatement> Modes { get; init; } = EquatableArray<ModeStatement>.Empty;
}

/// <summary>One [Mode] attribute: entering <see cref="Mode"/> runs <see cref="Assignment"/> (an Assign statement) per
/// element.</summary>
internal sealed record ModeStatement(string Mode, Statement Assignment, LocationInfo? ModeLocation);

/// <summary>The result of reading one class: the model when it could be built, and the diagnostics found.</summary>
internal sealed record ParseResult(SpecModel? Spec, EquatableArray<DiagnosticInfo> Diagnostics);
