using Microsoft.CodeAnalysis;

namespace SimdOpt.Generators.Parsing;

/// <summary>How the parser recognises the attributes of the spec language (<c>SimdOpt.Spec</c>) and names
/// them.</summary>
internal static class SpecAttributes
{
    /// <summary>The namespace of every spec attribute.</summary>
    public const string Namespace = "SimdOpt.Spec";

    /// <summary>The short name of the attribute that makes a class an optimizer.</summary>
    public const string Optimizer = "Optimizer";

    /// <summary><c>[Hyperparameter]</c>: A numeric hyperparameter with a default and a range.</summary>
    public const string Hyperparameter = "Hyperparameter";

    /// <summary><c>[Flag]</c>: A boolean flag, fixed for a step.</summary>
    public const string Flag = "Flag";

    /// <summary><c>[State]</c>: A per-element state buffer.</summary>
    public const string State = "State";

    /// <summary><c>[StepState]</c>: A per-step scalar state, kept between steps.</summary>
    public const string StepState = "StepState";

    /// <summary><c>[Input]</c>: A read-only per-element input of the step besides g.</summary>
    public const string Input = "Input";

    /// <summary><c>[Let]</c>: A named value for the statements after it.</summary>
    public const string Let = "Let";

    /// <summary><c>[Assign]</c>: A new value for a state, a per-step state, g or p.</summary>
    public const string Assign = "Assign";

    /// <summary><c>[Update]</c>: The parameter update: p &lt;- p - expression.</summary>
    public const string Update = "Update";

    /// <summary><c>[Require]</c>: A rule between hyperparameters, checked before the step.</summary>
    public const string Require = "Require";

    /// <summary><c>[Maximize]</c>: g &lt;- -g under a flag.</summary>
    public const string Maximize = "Maximize";

    /// <summary><c>[WeightDecay]</c>: L2 weight decay: g &lt;- g + c * p.</summary>
    public const string WeightDecay = "WeightDecay";

    /// <summary><c>[DecoupledWeightDecay]</c>: Decoupled weight decay: p &lt;- p * (1 - lr * c).</summary>
    public const string DecoupledWeightDecay = "DecoupledWeightDecay";

    /// <summary><c>[Moment]</c>: A state and its exponential moving average.</summary>
    public const string Moment = "Moment";

    /// <summary><c>[BiasCorrection]</c>: A bias-corrected view of a moment: state / (1 - decay^t).</summary>
    public const string BiasCorrection = "BiasCorrection";

    /// <summary><c>[Mode]</c>: What switching into the train or eval mode assigns, per element.</summary>
    public const string Mode = "Mode";

    /// <summary>Every attribute of the language, by short name.</summary>
    public static readonly string[] All =
    {
        Optimizer, Hyperparameter, Flag, State, StepState, Input, Let, Assign, Update, Require, Maximize, WeightDecay,
        DecoupledWeightDecay, Moment, BiasCorrection, Mode,
    };

    private const string Suffix = "Attribute";

    /// <summary>Whether <paramref name="attribute"/> belongs to the spec language.</summary>
    public static bool IsSpec(INamedTypeSymbol? attribute) =>
        attribute?.ContainingNamespace?.ToDisplayString() == Namespace;

    /// <summary>The attribute's simple name without the <c>Attribute</c> suffix, e.g. <c>Hyperparameter</c>.</summary>
    public static string ShortName(INamedTypeSymbol? attribute)
    {
        string name = attribute?.Name ?? "";
        return name.EndsWith(Suffix, System.StringComparison.Ordinal)
            ? name.Substring(0, name.Length - Suffix.Length)
            : name;
    }
}
