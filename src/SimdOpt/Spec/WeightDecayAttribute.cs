namespace SimdOpt.Spec;

/// <summary>L2 weight decay folded into the gradient: <c>g &lt;- g + coefficient * p</c>, skipped when the coefficient
/// is 0.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class WeightDecayAttribute : Attribute
{
    /// <summary>Adds L2 weight decay with the given coefficient.</summary>
    /// <param name="coefficient">The coefficient expression (default the hyperparameter <c>weight_decay</c>).</param>
    public WeightDecayAttribute(string coefficient = "weight_decay") => Coefficient = coefficient;

    /// <summary>The coefficient expression.</summary>
    public string Coefficient { get; }
}
