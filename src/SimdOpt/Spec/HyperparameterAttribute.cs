namespace SimdOpt.Spec;

/// <summary>
/// Declares a numeric hyperparameter: a per-step scalar the user sets (learning rate, decay rates, epsilon).
/// The generator emits a validated <see cref="double"/> property and a constructor parameter for it.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class HyperparameterAttribute : Attribute
{
    /// <summary>Declares hyperparameter <paramref name="name"/> with its default value.</summary>
    /// <param name="name">The name used in expressions and by name lookups (torch.optim's keyword, e.g.
    /// <c>"weight_decay"</c>).</param>
    /// <param name="defaultValue">The default, which must lie inside the declared range.</param>
    public HyperparameterAttribute(string name, double defaultValue)
    {
        Name = name;
        Default = defaultValue;
    }

    /// <summary>The hyperparameter's name.</summary>
    public string Name { get; }

    /// <summary>The default value.</summary>
    public double Default { get; }

    /// <summary>The smallest accepted value (inclusive unless <see cref="MinExclusive"/>). Unbounded by
    /// default.</summary>
    public double Min { get; set; } = double.NegativeInfinity;

    /// <summary>The largest accepted value (inclusive unless <see cref="MaxExclusive"/>). Unbounded by
    /// default.</summary>
    public double Max { get; set; } = double.PositiveInfinity;

    /// <summary>Whether <see cref="Min"/> itself is refused.</summary>
    public bool MinExclusive { get; set; }

    /// <summary>Whether <see cref="Max"/> itself is refused.</summary>
    public bool MaxExclusive { get; set; }

    /// <summary>A one-line description for documentation and <c>simdopt list</c>.</summary>
    public string? Description { get; set; }
}
