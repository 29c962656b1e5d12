namespace SimdOpt.Spec;

/// <summary>
/// Declares an extra per-element input of a step besides the gradient <c>g</c> (Sophia's Hessian estimate): a
/// read-only span the caller passes to every step, after <c>g</c>. The kernel never writes it, and it is neither state
/// nor checkpointed.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class InputAttribute : Attribute
{
    /// <summary>Declares input <paramref name="name"/>.</summary>
    /// <param name="name">The input's name, as expressions read it (e.g. <c>"hessian_estimate"</c>).</param>
    public InputAttribute(string name) => Name = name;

    /// <summary>The input's name.</summary>
    public string Name { get; }

    /// <summary>
    /// A per-step condition (over hyperparameters, flags, <c>t</c> and per-step states, e.g. <c>"t % k == 1"</c>):
    /// the step reads the input only when it holds, and then only in statements with exactly this <c>If</c>. On other
    /// steps the caller may pass an empty span. Null (the default): every step reads it.
    /// </summary>
    public string? If { get; set; }
}
