namespace SimdOpt.Spec;

/// <summary>
/// Assigns a new value to a state buffer, a per-step state, the gradient <c>g</c> (for the statements after it)
/// or the parameter <c>p</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class AssignAttribute : Attribute
{
    /// <summary>Assigns <paramref name="expression"/> to <paramref name="target"/>.</summary>
    /// <param name="target">A state buffer, a per-step state, <c>g</c> or <c>p</c>.</param>
    /// <param name="expression">The new value.</param>
    public AssignAttribute(string target, string expression)
    {
        Target = target;
        Expression = expression;
    }

    /// <summary>The name assigned to.</summary>
    public string Target { get; }

    /// <summary>The expression text.</summary>
    public string Expression { get; }

    /// <summary>A per-step condition; when false the statement is skipped (specialised, not tested per
    /// element).</summary>
    public string? If { get; set; }
}
