namespace SimdOpt.Spec;

/// <summary>The parameter update: <c>p &lt;- p - expression</c>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class UpdateAttribute : Attribute
{
    /// <summary>Subtracts <paramref name="expression"/> from the parameter.</summary>
    /// <param name="expression">The step, e.g. <c>"lr * g"</c>.</param>
    public UpdateAttribute(string expression) => Expression = expression;

    /// <summary>The expression text.</summary>
    public string Expression { get; }

    /// <summary>A per-step condition; when false the statement is skipped.</summary>
    public string? If { get; set; }
}
