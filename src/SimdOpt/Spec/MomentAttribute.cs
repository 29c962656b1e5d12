namespace SimdOpt.Spec;

/// <summary>
/// Declares a state buffer holding an exponential moving average and updates it:
/// <c>state &lt;- decay * state + (1 - decay) * Of</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class MomentAttribute : Attribute
{
    /// <summary>Declares moment <paramref name="state"/> decaying by <paramref name="decay"/>.</summary>
    /// <param name="state">The state buffer's name (declared by this attribute).</param>
    /// <param name="decay">The decay rate: a per-step expression, usually a hyperparameter name.</param>
    public MomentAttribute(string state, string decay)
    {
        State = state;
        Decay = decay;
    }

    /// <summary>The state buffer's name.</summary>
    public string State { get; }

    /// <summary>The decay expression.</summary>
    public string Decay { get; }

    /// <summary>The averaged quantity (default <c>"g"</c>; <c>"g * g"</c> for a second moment).</summary>
    public string Of { get; set; } = "g";

    /// <summary>A condition over flags and hyperparameters; when false the buffer does not exist and is not
    /// updated.</summary>
    public string? If { get; set; }
}
