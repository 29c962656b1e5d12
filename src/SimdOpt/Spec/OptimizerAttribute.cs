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

    /// <summary>
    /// Whether the generated code registers the spec in <see cref="Kernels.OptimizerRegistry"/> (default true). False
    /// for a spec that is a building block of the training runtime rather than an optimizer a user picks — the
    /// weight-averaging rules of <c>SimdOpt.Averaging</c> — so that <c>simdopt list</c>, the demo and golden replay,
    /// which list the registry, never offer it. The kernel and the descriptor are generated all the same.
    /// </summary>
    public bool Registered { get; set; } = true;
}
