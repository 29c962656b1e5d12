using System.Numerics;

namespace SimdOpt.Kernels;

/// <summary>
/// One optimizer step split in two: <see cref="Prepare"/> computes the per-step scalars once (in double,
/// then rounded to <typeparamref name="T"/>) and
/// <see cref="Apply(Span{T}, ReadOnlySpan{T}, StateSpans{T}, KernelPath)"/> runs the fused loop over one span or
/// slice. Applying a prepared step to slices of a tensor, in any order or on any thread, gives the same
/// bits as applying it to the whole tensor.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public abstract class StepPlan<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The step count of the last <see cref="Prepare"/>, or 0 before the first.</summary>
    public long Step { get; protected set; }

    /// <summary>
    /// Computes the scalars of step <paramref name="t"/> from the optimizer's current hyperparameters and advances
    /// the per-step scalar state in place.
    /// </summary>
    /// <param name="t">The step count, 1 for the first step.</param>
    /// <param name="stepState">The per-step scalar state, one slot per entry of
    /// <see cref="OptimizerInfo.StepStates"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="t"/> is below 1.</exception>
    /// <exception cref="ArgumentException">The step state has the wrong length, or a declared rule between
    /// hyperparameters fails; nothing changes.</exception>
    public abstract void Prepare(long t, Span<double> stepState);

    /// <summary>Applies the prepared step to parameters <paramref name="p"/> with gradients
    /// <paramref name="g"/>.</summary>
    /// <param name="p">The parameters, updated in place.</param>
    /// <param name="g">The gradients, as long as <paramref name="p"/>.</param>
    /// <param name="state">The state buffers, each viewed as long as <paramref name="p"/>.</param>
    /// <param name="path">The code path; every path gives the same bits.</param>
    /// <exception cref="InvalidOperationException"><see cref="Prepare"/> has not been called.</exception>
    /// <exception cref="ArgumentException">A length does not match; nothing is written.</exception>
    public abstract void Apply(Span<T> p, ReadOnlySpan<T> g, StateSpans<T> state, KernelPath path = KernelPath.Auto);

    /// <summary>Applies the prepared step, reading <paramref name="inputs"/> besides the gradient (see
    /// <see cref="OptimizerInfo.Inputs"/>).</summary>
    /// <param name="p">The parameters, updated in place.</param>
    /// <param name="g">The gradients, as long as <paramref name="p"/>.</param>
    /// <param name="inputs">The inputs in declaration order, each as long as <paramref name="p"/> on a step that reads
    /// it (<see cref="ReadsInput"/>) and otherwise empty or as long; fewer may be given, the rest are empty.</param>
    /// <param name="state">The state buffers, each viewed as long as <paramref name="p"/>.</param>
    /// <param name="path">The code path; every path gives the same bits.</param>
    /// <exception cref="InvalidOperationException"><see cref="Prepare"/> has not been called.</exception>
    /// <exception cref="ArgumentException">A length does not match, an input the step reads is missing, or more inputs
    /// are given than the optimizer declares; nothing is written.</exception>
    public virtual void Apply(Span<T> p, ReadOnlySpan<T> g, InputSpans<T> inputs, StateSpans<T> state,
        KernelPath path = KernelPath.Auto)
    {
        if (inputs.Count != 0)
            throw new ArgumentException(
                $"The optimizer reads no input besides g, but {inputs.Count} were given.", nameof(inputs));
        Apply(p, g, state, path);
    }

    /// <summary>Whether the prepared step reads input <paramref name="index"/> (see
    /// <see cref="OptimizerInfo.Inputs"/>): always for an input without a condition, else when its condition holds at
    /// this step.</summary>
    /// <param name="index">The input's index, in declaration order.</param>
    /// <exception cref="InvalidOperationException"><see cref="Prepare"/> has not been called.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The optimizer declares no such input.</exception>
    public virtual bool ReadsInput(int index) =>
        throw new ArgumentOutOfRangeException(nameof(index), index, "The optimizer reads no input besides g.");
}
