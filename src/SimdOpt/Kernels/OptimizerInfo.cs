using System.Globalization;

namespace SimdOpt.Kernels;

/// <summary>A numeric hyperparameter of an optimizer, as declared in its specification.</summary>
/// <param name="Name">The name used in expressions and lookups (e.g. <c>weight_decay</c>).</param>
/// <param name="PropertyName">The generated property (e.g. <c>WeightDecay</c>).</param>
/// <param name="Default">The default value.</param>
/// <param name="Min">The lower bound.</param>
/// <param name="Max">The upper bound.</param>
/// <param name="MinExclusive">Whether <paramref name="Min"/> itself is refused.</param>
/// <param name="MaxExclusive">Whether <paramref name="Max"/> itself is refused.</param>
/// <param name="Description">What it does, or null.</param>
public sealed record HyperparameterInfo(string Name, string PropertyName, double Default, double Min, double Max,
    bool MinExclusive, bool MaxExclusive, string? Description)
{
    /// <summary>Whether <paramref name="value"/> is finite and inside the declared range.</summary>
    /// <param name="value">The candidate value.</param>
    public bool Accepts(double value) =>
        double.IsFinite(value)
        && (MinExclusive ? value > Min : value >= Min)
        && (MaxExclusive ? value < Max : value <= Max);

    /// <summary>The range in interval notation, e.g. <c>[0, 1)</c> or <c>[0, inf)</c>.</summary>
    public string Range => FormatRange(Min, Max, MinExclusive, MaxExclusive);

    /// <summary>A range in interval notation: <c>[</c> or <c>(</c> by exclusivity, infinite bounds as <c>inf</c> and
    /// always open.</summary>
    /// <param name="min">The lower bound.</param>
    /// <param name="max">The upper bound.</param>
    /// <param name="minExclusive">Whether the lower bound is refused.</param>
    /// <param name="maxExclusive">Whether the upper bound is refused.</param>
    public static string FormatRange(double min, double max, bool minExclusive, bool maxExclusive) =>
        (minExclusive || double.IsNegativeInfinity(min) ? "(" : "[") + FormatBound(min) + ", " + FormatBound(max)
        + (maxExclusive || double.IsPositiveInfinity(max) ? ")" : "]");

    /// <summary>A number as ranges and messages show it: round-trip digits, invariant culture, infinities as <c>inf</c>
    /// and <c>-inf</c>.</summary>
    /// <param name="value">The number.</param>
    public static string FormatBound(double value) =>
        double.IsPositiveInfinity(value) ? "inf"
            : double.IsNegativeInfinity(value) ? "-inf"
            : value.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>A boolean option of an optimizer.</summary>
/// <param name="Name">The name used in expressions and lookups (e.g. <c>amsgrad</c>).</param>
/// <param name="PropertyName">The generated property (e.g. <c>Amsgrad</c>).</param>
/// <param name="Default">The default value.</param>
/// <param name="Description">What it does, or null.</param>
public sealed record FlagInfo(string Name, string PropertyName, bool Default, string? Description);

/// <summary>A per-element state buffer of an optimizer.</summary>
/// <param name="Name">The buffer's name (e.g. <c>exp_avg</c>).</param>
/// <param name="Init">The expression of its initial value.</param>
/// <param name="Condition">The flag condition under which it exists, or null when it always does.</param>
public sealed record StateInfo(string Name, string Init, string? Condition);

/// <summary>A per-step scalar state of an optimizer, kept between steps (e.g. NAdam's <c>mu_product</c>).</summary>
/// <param name="Name">The scalar's name.</param>
/// <param name="Init">The expression of its value before the first step.</param>
public sealed record StepStateInfo(string Name, string Init);

/// <summary>A read-only per-element input of an optimizer's step besides the gradient (e.g. Sophia's
/// <c>hessian_estimate</c>).</summary>
/// <param name="Name">The input's name.</param>
/// <param name="Condition">The per-step condition under which a step reads it, or null when every step does.</param>
public sealed record InputInfo(string Name, string? Condition);

/// <summary>Everything the specification of one optimizer declares, read from the generated code.</summary>
public sealed class OptimizerInfo
{
    private readonly Func<OptimizerHyperparameters> _create;

    /// <summary>Describes an optimizer. Called by generated code.</summary>
    /// <param name="name">The registry name.</param>
    /// <param name="type">The generated optimizer type.</param>
    /// <param name="description">A one-line description, or null.</param>
    /// <param name="hyperparameters">The numeric hyperparameters in declaration order.</param>
    /// <param name="flags">The flags in declaration order.</param>
    /// <param name="states">The per-element state buffers in declaration order.</param>
    /// <param name="stepStates">The per-step scalar states in declaration order.</param>
    /// <param name="create">Creates an instance with every default.</param>
    public OptimizerInfo(string name, Type type, string? description, IReadOnlyList<HyperparameterInfo> hyperparameters,
        IReadOnlyList<FlagInfo> flags, IReadOnlyList<StateInfo> states, IReadOnlyList<StepStateInfo> stepStates,
        Func<OptimizerHyperparameters> create)
        : this(name, type, description, hyperparameters, flags, states, stepStates, [], create)
    {
    }

    /// <summary>Describes an optimizer whose step reads inputs besides the gradient. Called by generated
    /// code.</summary>
    /// <param name="name">The registry name.</param>
    /// <param name="type">The generated optimizer type.</param>
    /// <param name="description">A one-line description, or null.</param>
    /// <param name="hyperparameters">The numeric hyperparameters in declaration order.</param>
    /// <param name="flags">The flags in declaration order.</param>
    /// <param name="states">The per-element state buffers in declaration order.</param>
    /// <param name="stepStates">The per-step scalar states in declaration order.</param>
    /// <param name="inputs">The inputs besides the gradient in declaration order.</param>
    /// <param name="create">Creates an instance with every default.</param>
    public OptimizerInfo(string name, Type type, string? description, IReadOnlyList<HyperparameterInfo> hyperparameters,
        IReadOnlyList<FlagInfo> flags, IReadOnlyList<StateInfo> states, IReadOnlyList<StepStateInfo> stepStates,
        IReadOnlyList<InputInfo> inputs, Func<OptimizerHyperparameters> create)
    {
        Inputs = inputs;
        Name = name;
        Type = type;
        Description = description;
        Hyperparameters = hyperparameters;
        Flags = flags;
        States = states;
        StepStates = stepStates;
        _create = create;
    }

    /// <summary>The registry name (e.g. <c>adamw</c>).</summary>
    public string Name { get; }

    /// <summary>The generated optimizer type.</summary>
    public Type Type { get; }

    /// <summary>A one-line description, or null.</summary>
    public string? Description { get; }

    /// <summary>The numeric hyperparameters, in declaration order.</summary>
    public IReadOnlyList<HyperparameterInfo> Hyperparameters { get; }

    /// <summary>The flags, in declaration order.</summary>
    public IReadOnlyList<FlagInfo> Flags { get; }

    /// <summary>The per-element state buffers, in declaration order (the order of
    /// <see cref="StateSpans{T}"/>).</summary>
    public IReadOnlyList<StateInfo> States { get; }

    /// <summary>The per-step scalar states, in declaration order.</summary>
    public IReadOnlyList<StepStateInfo> StepStates { get; }

    /// <summary>The inputs a step reads besides the gradient, in declaration order (the order of
    /// <see cref="InputSpans{T}"/>).</summary>
    public IReadOnlyList<InputInfo> Inputs { get; }

    /// <summary>Whether the optimizer has the modes train and eval (a <c>[Mode]</c> in its spec): switching between
    /// them rewrites the parameters from the state (<see cref="StepPlan{T}.EnterMode"/>), and it steps only in
    /// <see cref="OptimizerMode.Train"/>. Set by generated code.</summary>
    public bool HasModes { get; init; }

    /// <summary>Creates an instance with every hyperparameter and flag at its default.</summary>
    public OptimizerHyperparameters Create() => _create();

    /// <inheritdoc/>
    public override string ToString() => Name;
}
