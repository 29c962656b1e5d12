namespace SimdOpt.Spec;

/// <summary>
/// Defines the bias-corrected view of a moment, <c>Name = state / (1 - decay^t)</c>, where the correction
/// is a per-step scalar computed once per step.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class BiasCorrectionAttribute : Attribute
{
    /// <summary>Defines the corrected view of <paramref name="state"/>.</summary>
    /// <param name="state">The moment to correct.</param>
    /// <param name="decay">The moment's decay rate.</param>
    public BiasCorrectionAttribute(string state, string decay)
    {
        State = state;
        Decay = decay;
    }

    /// <summary>The corrected moment.</summary>
    public string State { get; }

    /// <summary>The decay expression.</summary>
    public string Decay { get; }

    /// <summary>The name of the corrected value (default: the state's name followed by <c>hat</c>).</summary>
    public string? Name { get; set; }
}
