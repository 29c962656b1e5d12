namespace SimdOpt.Spec;

/// <summary>
/// Decoupled weight decay (AdamW, Lion): <c>p &lt;- p * (1 - Scale * coefficient)</c>, skipped when the coefficient is
/// 0.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DecoupledWeightDecayAttribute : Attribute
{
    /// <summary>Adds decoupled weight decay with the given coefficient.</summary>
    /// <param name="coefficient">The coefficient expression (default the hyperparameter <c>weight_decay</c>).</param>
    public DecoupledWeightDecayAttribute(string coefficient = "weight_decay") => Coefficient = coefficient;

    /// <summary>The coefficient expression.</summary>
    public string Coefficient { get; }

    /// <summary>The factor the coefficient is scaled by (default <c>"lr"</c>).</summary>
    public string Scale { get; set; } = "lr";
}
