namespace SimdOpt.Spec;

/// <summary>Negates the gradient when the named flag is set, so the optimizer ascends: <c>g &lt;- -g</c>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class MaximizeAttribute : Attribute
{
    /// <summary>Negates the gradient under <paramref name="flag"/>.</summary>
    /// <param name="flag">The flag's name (default <c>maximize</c>); it must be declared with
    /// <see cref="FlagAttribute"/>.</param>
    public MaximizeAttribute(string flag = "maximize") => Flag = flag;

    /// <summary>The flag's name.</summary>
    public string Flag { get; }
}
