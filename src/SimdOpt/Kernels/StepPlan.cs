using System.Numerics;

namespace SimdOpt.Kernels;

/// <summary>
/// One optimizer step split in two: <see cref="Prepare(long, Span{double})"/> computes the per-step scalars once (in
/// double, then rounded to <typeparamref name="T"/>) and
/// <see cref="Apply(Span{T}, ReadOnlySpan{T}, StateSpans{T}, KernelPath)"/> runs the fused loop over one span or
/// slice. Applying a prepared step to slices of a tensor, in any order or on any thread, gives the same bits as
/// applying it to the whole tensor. An optimizer with reductions over the tensor
/// (<see cref="ReductionPasses"/> above 0) takes that <c>Apply</c>'s span as the whole tensor; the training runtime
/// splits such a tensor with the chunk protocol instead (<see cref="Reduce(int, ReadOnlySpan{T}, ReadOnlySpan{T},
/// StateSpans{T}, int, ReadOnlySpan{double}, Span{double}, KernelPath)"/>, <see cref="Combine"/>,
/// <see cref="Check"/>, then the <c>Apply</c> overload with the tensor's totals).
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public abstract class StepPlan<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The step count of the last <see cref="Prepare(long, Span{double})"/>, or 0 before the first.</summary>
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

    /// <summary>
    /// As <see cref="Prepare(long, Span{double})"/>, and makes every <c>Apply</c> and <c>Reduce</c> of the
    /// prepared step multiply each gradient element by <paramref name="gradientScale"/> (rounded to
    /// <typeparamref name="T"/>) as it loads it, before anything reads it: maximize's negation, weight decay, the
    /// reductions. The step then has the bits of the unscaled step on gradients <c>g * gradientScale</c> (rounded to
    /// <typeparamref name="T"/>), and the gradients are never written. A scale of 1 runs the unscaled kernel.
    /// </summary>
    /// <param name="t">The step count, 1 for the first step.</param>
    /// <param name="stepState">The per-step scalar state, one slot per entry of
    /// <see cref="OptimizerInfo.StepStates"/>.</param>
    /// <param name="gradientScale">The factor every gradient element is multiplied by (for a fused step with loss
    /// scaling and clipping, the clip coefficient over the loss scale); finite in <typeparamref name="T"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="t"/> is below 1, or
    /// <paramref name="gradientScale"/> is not finite in <typeparamref name="T"/>; nothing changes.</exception>
    /// <exception cref="ArgumentException">The step state has the wrong length, or a declared rule between
    /// hyperparameters fails; nothing changes.</exception>
    /// <exception cref="NotSupportedException">The plan was not generated (generated plans all scale) and the scale is
    /// not 1.</exception>
    public virtual void Prepare(long t, Span<double> stepState, double gradientScale)
    {
        if (gradientScale != 1)
            throw new NotSupportedException($"{GetType().Name} does not scale gradients; prepare it without a scale.");
        Prepare(t, stepState);
    }

    /// <summary>Applies the prepared step to parameters <paramref name="p"/> with gradients
    /// <paramref name="g"/>.</summary>
    /// <param name="p">The parameters, updated in place.</param>
    /// <param name="g">The gradients, as long as <paramref name="p"/>.</param>
    /// <param name="state">The state buffers, each viewed as long as <paramref name="p"/>.</param>
    /// <param name="path">The code path; every path gives the same bits.</param>
    /// <exception cref="InvalidOperationException"><see cref="Prepare(long, Span{double})"/> has not been
    /// called.</exception>
    /// <exception cref="ArgumentException">A length does not match; nothing is written.</exception>
    public abstract void Apply(Span<T> p, ReadOnlySpan<T> g, StateSpans<T> state, KernelPath path = KernelPath.Auto);

    /// <summary>
    /// The read-only passes over a tensor a step takes before the one that writes: one per level of reductions
    /// (norms, means, counts) the optimizer computes over the tensor; 0 for an elementwise optimizer. A constant of the
    /// plan (<see cref="StepProtocol{T}"/> reads it once).
    /// </summary>
    public virtual int ReductionPasses => 0;

    /// <summary>The number of reductions a step computes over each tensor: the length of the totals and partials of
    /// <c>Reduce</c>, <see cref="Combine"/>, <see cref="Check"/> and the totals' <see cref="Apply(Span{T},
    /// ReadOnlySpan{T}, StateSpans{T}, int, ReadOnlySpan{double}, KernelPath)"/>. A constant of the plan, as
    /// <see cref="ReductionPasses"/> is.</summary>
    public virtual int ReductionCount => 0;

    /// <summary>
    /// The step-wide reductions (<c>global_norm</c>, ...) as a bit mask, bit k for reduction k; 0 when there are none.
    /// A step over one tensor computes them over that tensor; the training runtime, stepping several tensors of this
    /// optimizer together, adds every tensor's chunk partials in tensor order, then chunk order, and gives each
    /// tensor that total. A constant of the plan.
    /// </summary>
    public virtual uint StepWideReductions => 0;

    /// <summary>
    /// Whether the prepared step needs pass <paramref name="pass"/>: false when its flags and hyperparameters leave
    /// every reduction of the pass unused (LAMB's norms without weight decay, <c>always_adapt</c> or clipping). A
    /// driver may then skip the pass: its totals stay 0, which nothing the step uses reads. Computing it anyway gives
    /// the same bits.
    /// </summary>
    /// <param name="pass">The pass, 1 to <see cref="ReductionPasses"/>.</param>
    /// <exception cref="InvalidOperationException">The optimizer has no reductions, or no step is
    /// prepared.</exception>
    /// <exception cref="ArgumentOutOfRangeException">There is no such pass.</exception>
    public virtual bool NeedsPass(int pass) =>
        throw new InvalidOperationException("This optimizer computes no reductions.");

    /// <summary>
    /// Computes pass <paramref name="pass"/> of the prepared step over one chunk of a tensor (at most
    /// <c>DeterministicReduction.ChunkLength</c> elements, starting at a multiple of it) into
    /// <paramref name="partials"/>; reads, never writes. Chunks may run on any thread; combine their partials with
    /// <see cref="Combine"/> in chunk order, so the totals have the same bits however the work was shared.
    /// </summary>
    /// <param name="pass">The pass, 1 to <see cref="ReductionPasses"/>.</param>
    /// <param name="p">The chunk's parameters.</param>
    /// <param name="g">The chunk's gradients.</param>
    /// <param name="state">The chunk's state buffers.</param>
    /// <param name="tensorLength">The whole tensor's length (a mean divides by it).</param>
    /// <param name="totals">The tensor's totals of the earlier passes.</param>
    /// <param name="partials">Receives this chunk's partials of this pass' reductions.</param>
    /// <param name="path">The code path; every path gives the same bits.</param>
    /// <exception cref="InvalidOperationException">The optimizer has no reductions, or no step is
    /// prepared.</exception>
    /// <exception cref="ArgumentException">A length does not match, or the chunk is too long.</exception>
    public virtual void Reduce(int pass, ReadOnlySpan<T> p, ReadOnlySpan<T> g, StateSpans<T> state, int tensorLength,
        ReadOnlySpan<double> totals, Span<double> partials, KernelPath path = KernelPath.Auto) =>
        throw new InvalidOperationException("This optimizer computes no reductions.");

    /// <summary>As <see cref="Reduce(int, ReadOnlySpan{T}, ReadOnlySpan{T}, StateSpans{T}, int, ReadOnlySpan{double},
    /// Span{double}, KernelPath)"/>, reading the chunk's <paramref name="inputs"/> besides the gradient (see
    /// <see cref="OptimizerInfo.Inputs"/>).</summary>
    /// <param name="pass">The pass, 1 to <see cref="ReductionPasses"/>.</param>
    /// <param name="p">The chunk's parameters.</param>
    /// <param name="g">The chunk's gradients.</param>
    /// <param name="inputs">The chunk's inputs in declaration order, each as long as <paramref name="p"/> on a step
    /// that reads it.</param>
    /// <param name="state">The chunk's state buffers.</param>
    /// <param name="tensorLength">The whole tensor's length.</param>
    /// <param name="totals">The tensor's totals of the earlier passes.</param>
    /// <param name="partials">Receives this chunk's partials of this pass' reductions.</param>
    /// <param name="path">The code path; every path gives the same bits.</param>
    /// <exception cref="InvalidOperationException">The optimizer has no reductions, or no step is
    /// prepared.</exception>
    /// <exception cref="ArgumentException">A length does not match, the chunk is too long, an input the step reads is
    /// missing, or more inputs are given than the optimizer declares.</exception>
    public virtual void Reduce(int pass, ReadOnlySpan<T> p, ReadOnlySpan<T> g, InputSpans<T> inputs,
        StateSpans<T> state, int tensorLength, ReadOnlySpan<double> totals, Span<double> partials,
        KernelPath path = KernelPath.Auto)
    {
        if (inputs.Count != 0)
            throw new ArgumentException(
                $"The optimizer reads no input besides g, but {inputs.Count} were given.", nameof(inputs));
        Reduce(pass, p, g, state, tensorLength, totals, partials, path);
    }

    /// <summary>Adds one chunk's <paramref name="partials"/> of pass <paramref name="pass"/> to the tensor's
    /// <paramref name="totals"/> (which start at 0); call it for the chunks in order.</summary>
    /// <param name="pass">The pass, 1 to <see cref="ReductionPasses"/>.</param>
    /// <param name="partials">One chunk's partials.</param>
    /// <param name="totals">The tensor's totals.</param>
    /// <exception cref="InvalidOperationException">The optimizer has no reductions.</exception>
    public virtual void Combine(int pass, ReadOnlySpan<double> partials, Span<double> totals) =>
        throw new InvalidOperationException("This optimizer computes no reductions.");

    /// <summary>Runs every check of the prepared step on a tensor's totals (a <c>[Require]</c> on a norm); call it
    /// for every tensor before applying to any, so a refused step writes nothing.</summary>
    /// <param name="tensorLength">The tensor's length.</param>
    /// <param name="totals">The tensor's totals after every pass.</param>
    /// <exception cref="ArgumentException">A check fails.</exception>
    public virtual void Check(int tensorLength, ReadOnlySpan<double> totals)
    {
    }

    /// <summary>Applies the prepared step to a slice of a tensor whose reductions are <paramref name="totals"/>
    /// (after every pass and <see cref="Check"/>); an elementwise optimizer ignores them.</summary>
    /// <param name="p">The slice's parameters, updated in place.</param>
    /// <param name="g">The slice's gradients.</param>
    /// <param name="state">The slice's state buffers.</param>
    /// <param name="tensorLength">The whole tensor's length.</param>
    /// <param name="totals">The tensor's totals.</param>
    /// <param name="path">The code path; every path gives the same bits.</param>
    /// <exception cref="InvalidOperationException"><see cref="Prepare(long, Span{double})"/> has not been
    /// called.</exception>
    /// <exception cref="ArgumentException">A length does not match; nothing is written.</exception>
    public virtual void Apply(Span<T> p, ReadOnlySpan<T> g, StateSpans<T> state, int tensorLength,
        ReadOnlySpan<double> totals, KernelPath path = KernelPath.Auto) => Apply(p, g, state, path);

    /// <summary>As <see cref="Apply(Span{T}, ReadOnlySpan{T}, StateSpans{T}, int, ReadOnlySpan{double}, KernelPath)"/>,
    /// reading the slice's <paramref name="inputs"/> besides the gradient (see
    /// <see cref="OptimizerInfo.Inputs"/>).</summary>
    /// <param name="p">The slice's parameters, updated in place.</param>
    /// <param name="g">The slice's gradients.</param>
    /// <param name="inputs">The slice's inputs in declaration order, each as long as <paramref name="p"/> on a step
    /// that reads it.</param>
    /// <param name="state">The slice's state buffers.</param>
    /// <param name="tensorLength">The whole tensor's length.</param>
    /// <param name="totals">The tensor's totals.</param>
    /// <param name="path">The code path; every path gives the same bits.</param>
    /// <exception cref="InvalidOperationException"><see cref="Prepare(long, Span{double})"/> has not been
    /// called.</exception>
    /// <exception cref="ArgumentException">A length does not match, an input the step reads is missing, or more inputs
    /// are given than the optimizer declares; nothing is written.</exception>
    public virtual void Apply(Span<T> p, ReadOnlySpan<T> g, InputSpans<T> inputs, StateSpans<T> state,
        int tensorLength, ReadOnlySpan<double> totals, KernelPath path = KernelPath.Auto)
    {
        if (inputs.Count != 0)
            throw new ArgumentException(
                $"The optimizer reads no input besides g, but {inputs.Count} were given.", nameof(inputs));
        Apply(p, g, state, tensorLength, totals, path);
    }

    /// <summary>Applies the prepared step, reading <paramref name="inputs"/> besides the gradient (see
    /// <see cref="OptimizerInfo.Inputs"/>).</summary>
    /// <param name="p">The parameters, updated in place.</param>
    /// <param name="g">The gradients, as long as <paramref name="p"/>.</param>
    /// <param name="inputs">The inputs in declaration order, each as long as <paramref name="p"/> on a step that reads
    /// it (<see cref="ReadsInput"/>) and otherwise empty or as long; fewer may be given, the rest are empty.</param>
    /// <param name="state">The state buffers, each viewed as long as <paramref name="p"/>.</param>
    /// <param name="path">The code path; every path gives the same bits.</param>
    /// <exception cref="InvalidOperationException"><see cref="Prepare(long, Span{double})"/> has not been
    /// called.</exception>
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
    /// <exception cref="InvalidOperationException"><see cref="Prepare(long, Span{double})"/> has not been
    /// called.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The optimizer declares no such input.</exception>
    public virtual bool ReadsInput(int index) =>
        throw new ArgumentOutOfRangeException(nameof(index), index, "The optimizer reads no input besides g.");

    /// <summary>
    /// Switches one tensor whose state exists into <paramref name="mode"/> (see <see cref="OptimizerInfo.HasModes"/>):
    /// rewrites <paramref name="p"/> (and any state the switch assigns) from its state, in one pass, with the
    /// optimizer's current hyperparameters. Needs no <see cref="Prepare(long, Span{double})"/>; call it only when the
    /// mode changes.
    /// </summary>
    /// <param name="mode">The mode to enter.</param>
    /// <param name="p">The parameters, updated in place.</param>
    /// <param name="state">The tensor's state buffers, each viewed as long as <paramref name="p"/>.</param>
    /// <param name="stepState">The per-step scalar state as the last step left it.</param>
    /// <param name="path">The code path; every path gives the same bits.</param>
    /// <exception cref="InvalidOperationException">The optimizer has no modes.</exception>
    /// <exception cref="ArgumentException">A length does not match; nothing is written.</exception>
    public virtual void EnterMode(OptimizerMode mode, Span<T> p, StateSpans<T> state, ReadOnlySpan<double> stepState,
        KernelPath path = KernelPath.Auto) =>
        throw new InvalidOperationException("This optimizer has no train and eval modes.");

    /// <summary>Whether <see cref="ApplyStored{TP, TG, TS}"/> is generated for this plan: for an elementwise optimizer
    /// that reads no input besides g, over float elements. A constant of the plan.</summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public virtual bool AppliesStored => false;

    /// <summary>
    /// Applies the prepared step to <paramref name="length"/> elements whose parameters, gradients and state buffers
    /// are stored as <typeparamref name="TP"/>, <typeparamref name="TG"/> and <typeparamref name="TS"/> (see
    /// <see cref="Internal.IElementStorage"/>): the low-precision training runtime's step, each element widened,
    /// updated and narrowed in registers, in one pass. The arrays arrive as addresses of pinned memory, checked by the
    /// caller (lengths, no overlap); a state buffer the step does not use may be 0. Neither creates the state nor
    /// checks the arguments: for the runtime, not for users.
    /// </summary>
    /// <param name="p">The address of the first parameter.</param>
    /// <param name="g">The address of the first gradient.</param>
    /// <param name="states">The address of each state buffer's first element.</param>
    /// <param name="length">The number of elements.</param>
    /// <param name="path">The code path; every path gives the same bits.</param>
    /// <exception cref="NotSupportedException">The plan has no stored step (<see cref="AppliesStored"/> is
    /// false).</exception>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public virtual void ApplyStored<TP, TG, TS>(nint p, nint g, ReadOnlySpan<nint> states, int length,
        KernelPath path)
        where TP : struct, Internal.IElementStorage
        where TG : struct, Internal.IElementStorage
        where TS : struct, Internal.IElementStorage =>
        throw new NotSupportedException($"{GetType().Name} has no stored step.");
}
