namespace SimdOpt.Spec;

/// <summary>
/// Declares a per-element state buffer (a moment, an accumulator, the previous gradient, per-element step
/// sizes): one value per parameter element, kept between steps.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class StateAttribute : Attribute
{
    /// <summary>Declares state buffer <paramref name="name"/>.</summary>
    /// <param name="name">The buffer's name (torch.optim's state key where there is one, e.g.
    /// <c>"exp_avg"</c>).</param>
    public StateAttribute(string name) => Name = name;

    /// <summary>The buffer's name.</summary>
    public string Name { get; }

    /// <summary>The initial value of every element: a per-step expression over hyperparameters (default
    /// <c>"0"</c>).</summary>
    public string Init { get; set; } = "0";

    /// <summary>A condition over flags and hyperparameters; when it is false the buffer does not exist (for example
    /// <c>"amsgrad"</c>, <c>"momentum != 0"</c>).</summary>
    public string? If { get; set; }
}
