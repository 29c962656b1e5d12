namespace SimdOpt.Spec;

/// <summary>
/// Marks a <c>partial</c> class as an optimizer specification. The SimdOpt source generator reads the
/// other attributes on the class, in the order they are written, and emits the optimizer type and its
/// SIMD kernels into the other half of the partial class.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class OptimizerAttribute : Attribute
{
    /// <summary>Declares an optimizer registered under <paramref name="name"/> (for example <c>"adamw"</c>).</summary>
    /// <param name="name">The registry name: lower case, as torch.optim's class name.</param>
    public OptimizerAttribute(string name) => Name = name;

    /// <summary>The registry name of the optimizer.</summary>
    public string Name { get; }

    /// <summary>A one-line description shown by <c>simdopt list</c>.</summary>
    public string? Description { get; set; }
}
