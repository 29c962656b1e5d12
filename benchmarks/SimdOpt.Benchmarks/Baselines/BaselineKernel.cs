using SimdOpt.Benchmarks.Kernels;
using SimdOpt.Kernels;

namespace SimdOpt.Benchmarks.Baselines;

/// <summary>
/// The base of the code a user would write instead of the generated kernel: it reads the hyperparameters from the
/// optimizer once, and refuses options it does not implement, so no baseline silently computes a different update.
/// </summary>
public abstract class BaselineKernel : StepKernel
{
    /// <summary>Binds the baseline to <paramref name="workload"/>.</summary>
    /// <param name="workload">The arrays to update; its optimizer supplies the hyperparameters.</param>
    protected BaselineKernel(Workload workload) : base(workload) { }

    /// <summary>Hyperparameter <paramref name="name"/> as a double.</summary>
    /// <param name="name">The declared name, e.g. <c>lr</c>.</param>
    protected double Hyperparameter(string name) => Workload.Hyperparameters.GetHyperparameter(name);

    /// <summary>Hyperparameter <paramref name="name"/> rounded to float, as a float loop uses it.</summary>
    /// <param name="name">The declared name, e.g. <c>lr</c>.</param>
    protected float FloatHyperparameter(string name) => (float)Hyperparameter(name);

    /// <summary>The index of state buffer <paramref name="name"/>, resolved once so <c>Apply</c> does no
    /// lookup.</summary>
    /// <param name="name">The buffer's declared name.</param>
    /// <exception cref="ArgumentException">The optimizer declares no such buffer.</exception>
    protected int StateIndex(string name) => Workload.StateIndex(name);

    /// <summary>Elements [<paramref name="start"/>, <paramref name="start"/> + <paramref name="length"/>) of state
    /// buffer <paramref name="index"/>.</summary>
    /// <param name="index">The buffer's index, from <see cref="StateIndex"/>.</param>
    /// <param name="start">The first element.</param>
    /// <param name="length">The number of elements.</param>
    protected Span<float> State(int index, int start, int length) => Workload.State(index).Slice(start, length);

    /// <summary>Elements [<paramref name="start"/>, <paramref name="start"/> + <paramref name="length"/>) of the
    /// parameters.</summary>
    /// <param name="start">The first element.</param>
    /// <param name="length">The number of elements.</param>
    protected Span<float> Parameters(int start, int length) => Workload.Parameters.AsSpan(start, length);

    /// <summary>Elements [<paramref name="start"/>, <paramref name="start"/> + <paramref name="length"/>) of the
    /// gradients.</summary>
    /// <param name="start">The first element.</param>
    /// <param name="length">The number of elements.</param>
    protected ReadOnlySpan<float> Gradients(int start, int length) => Workload.Gradients.AsSpan(start, length);

    /// <summary>Throws unless flag <paramref name="name"/> is <paramref name="expected"/>.</summary>
    /// <param name="name">The flag's declared name.</param>
    /// <param name="expected">The only value this baseline implements.</param>
    /// <exception cref="NotSupportedException">The flag has the other value.</exception>
    protected void RequireFlag(string name, bool expected)
    {
        if (Workload.Hyperparameters.GetFlag(name) != expected)
            throw new NotSupportedException($"{GetType().Name} implements '{Workload.Hyperparameters.Info.Name}' with {name}={(expected ? "true" : "false")} only.");
    }

    /// <summary>Throws unless hyperparameter <paramref name="name"/> satisfies <paramref name="condition"/>.</summary>
    /// <param name="name">The hyperparameter's declared name.</param>
    /// <param name="condition">What this baseline implements.</param>
    /// <param name="description">The condition in words, for the message.</param>
    /// <exception cref="NotSupportedException">The hyperparameter is outside what this baseline implements.</exception>
    protected void RequireHyperparameter(string name, Func<double, bool> condition, string description)
    {
        if (!condition(Hyperparameter(name)))
            throw new NotSupportedException($"{GetType().Name} implements '{Workload.Hyperparameters.Info.Name}' with {name} {description} only.");
    }
}
