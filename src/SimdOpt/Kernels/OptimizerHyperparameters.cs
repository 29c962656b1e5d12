using System.Numerics;

namespace SimdOpt.Kernels;

/// <summary>
/// The base of every generated optimizer: one set of hyperparameters and flags (as one torch.optim parameter
/// group), with by-name access and the per-step plans that the training runtime drives. Each generated type
/// also has a static, allocation-free <c>Step</c> over spans for direct use.
/// </summary>
public abstract class OptimizerHyperparameters
{
    /// <summary>The optimizer's declaration: name, hyperparameters, flags, state.</summary>
    public abstract OptimizerInfo Info { get; }

    /// <summary>Reads a hyperparameter by its declared name.</summary>
    /// <param name="name">The hyperparameter's name, e.g. <c>lr</c>.</param>
    /// <exception cref="ArgumentException">There is no such hyperparameter.</exception>
    public abstract double GetHyperparameter(string name);

    /// <summary>Sets a hyperparameter by its declared name, after checking its range.</summary>
    /// <param name="name">The hyperparameter's name, e.g. <c>lr</c>.</param>
    /// <param name="value">The new value.</param>
    /// <exception cref="ArgumentException">There is no such hyperparameter.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite or outside the declared range; nothing
    /// changes.</exception>
    public abstract void SetHyperparameter(string name, double value);

    /// <summary>Reads a flag by its declared name.</summary>
    /// <param name="name">The flag's name, e.g. <c>amsgrad</c>.</param>
    /// <exception cref="ArgumentException">There is no such flag.</exception>
    public abstract bool GetFlag(string name);

    /// <summary>Sets a flag by its declared name.</summary>
    /// <param name="name">The flag's name, e.g. <c>amsgrad</c>.</param>
    /// <param name="value">The new value.</param>
    /// <exception cref="ArgumentException">There is no such flag.</exception>
    public abstract void SetFlag(string name, bool value);

    /// <summary>Whether state buffer <paramref name="index"/> exists under the current flags.</summary>
    /// <param name="index">The buffer's index in <see cref="OptimizerInfo.States"/>.</param>
    public abstract bool IsStateActive(int index);

    /// <summary>The value every element of state buffer <paramref name="index"/> starts with, under the current
    /// hyperparameters.</summary>
    /// <param name="index">The buffer's index in <see cref="OptimizerInfo.States"/>.</param>
    public abstract double InitialStateValue(int index);

    /// <summary>Writes the values of the per-step scalar states before the first step.</summary>
    /// <param name="stepState">One slot per entry of <see cref="OptimizerInfo.StepStates"/>.</param>
    /// <exception cref="ArgumentException">The span has the wrong length.</exception>
    public abstract void InitializeStepState(Span<double> stepState);

    /// <summary>Creates a reusable plan that computes a step's scalars once and applies the step to any number of
    /// spans.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public abstract StepPlan<T> CreatePlan<T>() where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>A copy with the same hyperparameters and flags.</summary>
    public abstract OptimizerHyperparameters Clone();

    /// <inheritdoc/>
    public override string ToString() =>
        Info.Name + "(" + string.Join(", ",
            Info.Hyperparameters.Select(h => h.Name + "="
                    + GetHyperparameter(h.Name).ToString("R", System.Globalization.CultureInfo.InvariantCulture))
                .Concat(Info.Flags.Select(f => f.Name + "=" + (GetFlag(f.Name) ? "true" : "false")))) + ")";
}
