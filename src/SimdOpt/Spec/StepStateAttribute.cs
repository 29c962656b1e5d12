namespace SimdOpt.Spec;

/// <summary>
/// Declares per-step scalar state: one number per tensor that persists across steps and is updated once per
/// step (NAdam's running product of momentum factors). It is part of the optimizer's state and of checkpoints.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class StepStateAttribute : Attribute
{
    /// <summary>Declares per-step state <paramref name="name"/>.</summary>
    /// <param name="name">The scalar's name.</param>
    public StepStateAttribute(string name) => Name = name;

    /// <summary>The scalar's name.</summary>
    public string Name { get; }

    /// <summary>The value before the first step: a per-step expression over hyperparameters (default
    /// <c>"0"</c>).</summary>
    public string Init { get; set; } = "0";
}
