namespace SimdOpt.Spec;

/// <summary>
/// Declares what switching the optimizer into a mode does: a per-element assignment to <c>p</c> or a state buffer, run
/// over every tensor whose state exists when <c>Optimizer&lt;T&gt;.Train()</c> or <c>Eval()</c> changes the mode (in
/// declaration order among the attributes of that mode). An optimizer with a <c>[Mode]</c> has the two modes
/// <c>train</c> (the one it starts in, and the only one it steps in) and <c>eval</c>. Schedule-Free keeps the gradient
/// point y in the parameters while training and moves them to the average x for evaluation:
/// <c>[Mode("eval", "p", "p + (1 - 1 / beta1) * (z - p)")]</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ModeAttribute : Attribute
{
    /// <summary>Declares that entering <paramref name="mode"/> assigns <paramref name="expression"/> to
    /// <paramref name="target"/>.</summary>
    /// <param name="mode"><c>"train"</c> or <c>"eval"</c>.</param>
    /// <param name="target"><c>"p"</c> or a <c>[State]</c>'s name.</param>
    /// <param name="expression">The new value, per element: over <c>p</c>, states, hyperparameters, flags, per-step
    /// states and numbers (no gradient, input or step count: a switch runs between steps).</param>
    public ModeAttribute(string mode, string target, string expression)
    {
        Mode = mode;
        Target = target;
        Expression = expression;
    }

    /// <summary>The mode whose entry runs the assignment.</summary>
    public string Mode { get; }

    /// <summary>What the assignment writes.</summary>
    public string Target { get; }

    /// <summary>The assigned value.</summary>
    public string Expression { get; }

    /// <summary>A condition over hyperparameters and flags: the assignment runs only when it holds.</summary>
    public string? If { get; set; }
}
