namespace SimdOpt.Spec;

/// <summary>
/// Declares a boolean option (amsgrad, nesterov, maximize, centered). Kernels are specialised on every flag:
/// the hot loop never tests a flag per element.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class FlagAttribute : Attribute
{
    /// <summary>Declares flag <paramref name="name"/>.</summary>
    /// <param name="name">The flag's name, usable as a condition in expressions.</param>
    public FlagAttribute(string name) => Name = name;

    /// <summary>The flag's name.</summary>
    public string Name { get; }

    /// <summary>The default value (false unless set).</summary>
    public bool Default { get; set; }

    /// <summary>A one-line description for documentation and <c>simdopt list</c>.</summary>
    public string? Description { get; set; }
}
