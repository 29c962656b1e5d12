using System.Numerics;
using System.Runtime.CompilerServices;
using SimdOpt.Kernels.Internal;

namespace SimdOpt.Kernels;

/// <summary>
/// The step protocol of one optimizer state (the state of one tensor, or of one parameter group): the step count, the
/// per-step scalar state, the first-step initialisation of the state buffers, and the order of a step — prepare on a
/// copy, apply to any number of slices, commit. <see cref="OptimizerState{T}"/>, the training runtime's parameter
/// groups, the CLI's benchmark and the BenchmarkDotNet suite all step through this one type.
/// </summary>
/// <remarks>
/// <para>
/// As torch.optim creates a tensor's state lazily, the state — buffers, per-step scalars and the step count
/// <c>t</c> the kernel sees — is created by the first step in which one of its buffers exists (every step, for an
/// optimizer with an unconditional buffer or with none). Its buffers are then filled with their initial values, from
/// the hyperparameters of that moment (Adagrad's <c>initial_accumulator_value</c>), and that step is the state's step
/// 1. So SGD whose momentum is turned on after some steps starts its momentum buffer as a copy of the gradient, as
/// torch.optim.SGD does.
/// </para>
/// <para>
/// <see cref="Prepare()"/> works on a copy of the per-step scalar state, so a refused step changes nothing;
/// <see cref="Commit"/> makes the prepared step the state's. Between the two,
/// <see cref="StepProtocol{T}.Apply(Span{T}, ReadOnlySpan{T}, StateSpans{T}, KernelPath)"/>
/// may run on slices of the tensor from any number of threads at once.
/// </para>
/// </remarks>
public abstract class StepProtocol
{
    private readonly OptimizerHyperparameters _hyperparameters;
    private double[] _stepState;
    private double[] _nextStepState;
    private readonly bool _stateAlwaysExists;
    private bool _prepared;

    private protected StepProtocol(OptimizerHyperparameters hyperparameters)
    {
        ArgumentNullException.ThrowIfNull(hyperparameters);
        _hyperparameters = hyperparameters;
        var info = hyperparameters.Info;
        _stepState = new double[info.StepStates.Count];
        _nextStepState = new double[info.StepStates.Count];
        _stateAlwaysExists = info.States.Count == 0;
        for (int k = 0; k < info.States.Count; k++) _stateAlwaysExists |= info.States[k].Condition is null;
    }

    /// <summary>The hyperparameters and flags every step reads (not copied: a change applies from the next step
    /// on).</summary>
    public OptimizerHyperparameters Hyperparameters => _hyperparameters;

    /// <summary>The number of steps committed; the next step is <c>StepCount + 1</c>.</summary>
    public long StepCount { get; private set; }

    /// <summary>
    /// How many of <see cref="StepCount"/> were taken before the state existed (while every buffer's condition was
    /// false, as SGD without momentum): the kernel's step count <c>t</c> is <c>StepCount + 1 - StepsBeforeState</c>.
    /// </summary>
    public long StepsBeforeState { get; private set; }

    /// <summary>Whether the state exists: a step has been committed in which one of its buffers existed.</summary>
    public bool HasState => StepCount > StepsBeforeState;

    /// <summary>The per-step scalar state (in the order of <see cref="OptimizerInfo.StepStates"/>); meaningful once
    /// <see cref="HasState"/>.</summary>
    public ReadOnlySpan<double> StepState => _stepState;

    /// <summary>Whether the prepared step creates the state:
    /// <see cref="StepProtocol{T}.Apply(Span{T}, ReadOnlySpan{T}, StateSpans{T}, KernelPath)"/>
    /// fills the buffers with their initial values first.</summary>
    public bool CreatesState { get; private set; }

    /// <summary>
    /// Computes the scalars of the next step from the current hyperparameters, on a copy of the per-step scalar state.
    /// Preparing again before <see cref="Commit"/> replaces the prepared step.
    /// </summary>
    /// <exception cref="ArgumentException">A declared rule between hyperparameters fails; nothing changes.</exception>
    public abstract void Prepare();

    /// <summary>
    /// As <see cref="Prepare()"/>, with every gradient element multiplied by <paramref name="gradientScale"/> (rounded
    /// to the element type) as the step's kernels load it (see
    /// <see cref="StepPlan{T}.Prepare(long, Span{double}, double)"/>): the fused step of loss scaling and clipping,
    /// which never writes the gradients.
    /// </summary>
    /// <param name="gradientScale">The factor every gradient element is multiplied by; finite in the element
    /// type.</param>
    /// <exception cref="ArgumentOutOfRangeException">The scale is not finite in the element type; nothing
    /// changes.</exception>
    /// <exception cref="ArgumentException">A declared rule between hyperparameters fails; nothing changes.</exception>
    public abstract void Prepare(double gradientScale);

    /// <summary>The first half of <see cref="Prepare()"/>: whether the step creates the state, the copy of the per-step
    /// state, and the kernel's step count.</summary>
    private protected long BeginPrepare(out bool creates)
    {
        _prepared = false;
        creates = !HasState && (_stateAlwaysExists || AnyBufferActive());
        bool exists = HasState || creates;
        // Until the state exists, every step is the first of a state that is not kept.
        if (!exists || creates) _hyperparameters.InitializeStepState(_nextStepState);
        else if (_nextStepState.Length != 0) _stepState.CopyTo(_nextStepState);
        return exists ? StepCount + 1 - StepsBeforeState : 1;
    }

    /// <summary>The copy of the per-step scalar state that the step being prepared advances.</summary>
    private protected Span<double> NextStepState => _nextStepState;

    /// <summary>The last half of <see cref="Prepare()"/>, once the plan has accepted the step.</summary>
    private protected void EndPrepare(bool creates)
    {
        CreatesState = creates;
        _prepared = true;
    }

    /// <summary>Makes the prepared step the state's: its per-step scalar state and step count.</summary>
    /// <exception cref="InvalidOperationException">No step is prepared.</exception>
    public void Commit()
    {
        if (!_prepared) throw new InvalidOperationException("There is no prepared step to commit: call Prepare first.");
        // Without per-step state both arrays are empty: not swapped, which saves two GC write barriers a step.
        if (_nextStepState.Length != 0) (_stepState, _nextStepState) = (_nextStepState, _stepState);
        if (!HasState && !CreatesState) StepsBeforeState++;
        StepCount++;
        CreatesState = false;
        _prepared = false;
    }

    /// <summary>Forgets every step: the next step is the first again, and creates the state anew.</summary>
    public void Reset() => Restore(0, 0, []);

    /// <summary>Replaces the step count and the per-step scalar state, as a checkpoint saved them; any prepared step is
    /// dropped.</summary>
    /// <param name="stepCount">The number of steps taken.</param>
    /// <param name="stepsBeforeState">How many of them were taken before the state existed.</param>
    /// <param name="stepState">The per-step scalar state, one slot per declared step state (or none, to clear
    /// it).</param>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative, or more steps came before the state than were
    /// taken.</exception>
    /// <exception cref="ArgumentException">The step state has the wrong length.</exception>
    public void Restore(long stepCount, long stepsBeforeState, ReadOnlySpan<double> stepState)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stepCount);
        ArgumentOutOfRangeException.ThrowIfNegative(stepsBeforeState);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(stepsBeforeState, stepCount);
        if (stepState.Length != 0 && stepState.Length != _stepState.Length)
            throw new ArgumentException(
                $"The step state has {stepState.Length} slots but the optimizer declares {_stepState.Length}.",
                nameof(stepState));
        StepCount = stepCount;
        StepsBeforeState = stepsBeforeState;
        if (stepState.IsEmpty) Array.Clear(_stepState);
        else stepState.CopyTo(_stepState);
        CreatesState = false;
        _prepared = false;
    }

    /// <summary>Whether a step is prepared and not yet committed.</summary>
    private protected bool Prepared => _prepared;

    private bool AnyBufferActive()
    {
        int count = _hyperparameters.Info.States.Count;
        for (int k = 0; k < count; k++)
            if (_hyperparameters.IsStateActive(k)) return true;
        return false;
    }
}

/// <summary>The step protocol (see <see cref="StepProtocol"/>) of one optimizer state over <typeparamref name="T"/>
/// elements.</summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class StepProtocol<T> : StepProtocol where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly StepPlan<T> _plan;
    private readonly T[] _startValues;
    private readonly bool _declaresInputs;

    /// <summary>Creates the protocol of a state that has taken no step, stepped with
    /// <paramref name="hyperparameters"/>.</summary>
    /// <param name="hyperparameters">The hyperparameters and flags every step reads (not copied).</param>
    /// <exception cref="ArgumentNullException"><paramref name="hyperparameters"/> is null.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public StepProtocol(OptimizerHyperparameters hyperparameters) : base(hyperparameters)
    {
        _plan = hyperparameters.CreatePlan<T>();
        _startValues = new T[hyperparameters.Info.States.Count];
        _declaresInputs = hyperparameters.Info.Inputs.Count != 0;
        // Read once: they are constants of the optimizer, and the training runtime asks for them per run and per work
        // item of every step, each a virtual call otherwise.
        ReductionPasses = _plan.ReductionPasses;
        ReductionCount = _plan.ReductionCount;
        StepWideReductions = _plan.StepWideReductions;
    }

    /// <inheritdoc/>
    // Never inlined into Apply's frame: the plan's Prepare calls Math.Pow, and with the vector loop in the same frame
    // a step of AdamW over 64 floats took 400 ns instead of 90 (a scratch in-process measurement, Intel Xeon, AVX-512).
    [MethodImpl(MethodImplOptions.NoInlining)]
    public override void Prepare() => PrepareScaled(1D);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public override void Prepare(double gradientScale) => PrepareScaled(gradientScale);

    // Both Prepare overloads, inlined into each (so the unscaled one keeps its single frame).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void PrepareScaled(double gradientScale)
    {
        long t = BeginPrepare(out bool creates);
        _plan.Prepare(t, NextStepState, gradientScale);
        // Computed once per created state, so the slices of the step fill without a virtual call per buffer.
        if (creates) StartValues(Hyperparameters, _startValues);
        EndPrepare(creates);
    }

    /// <summary>One whole step on one span: <see cref="StepProtocol.Prepare()"/>,
    /// <see cref="Apply(Span{T}, ReadOnlySpan{T}, StateSpans{T}, KernelPath)"/>,
    /// <see cref="StepProtocol.Commit"/>.</summary>
    /// <param name="p">The parameters, updated in place.</param>
    /// <param name="g">The gradients, as long as <paramref name="p"/>.</param>
    /// <param name="state">The state buffers, each viewed as long as <paramref name="p"/>.</param>
    /// <param name="path">The code path; every path gives the same bits.</param>
    /// <exception cref="ArgumentException">A length does not match, or a declared rule between hyperparameters fails;
    /// nothing changes.</exception>
    public void Step(Span<T> p, ReadOnlySpan<T> g, StateSpans<T> state, KernelPath path = KernelPath.Auto) =>
        Step(p, g, default, state, path);

    /// <summary>One whole step on one span, reading <paramref name="inputs"/> besides the gradient (see
    /// <see cref="OptimizerInfo.Inputs"/>).</summary>
    /// <param name="p">The parameters, updated in place.</param>
    /// <param name="g">The gradients, as long as <paramref name="p"/>.</param>
    /// <param name="inputs">The inputs in declaration order, each as long as <paramref name="p"/> on a step that reads
    /// it.</param>
    /// <param name="state">The state buffers, each viewed as long as <paramref name="p"/>.</param>
    /// <param name="path">The code path; every path gives the same bits.</param>
    /// <exception cref="ArgumentException">A length does not match, an input the step reads is missing, or a declared
    /// rule between hyperparameters fails; nothing changes.</exception>
    public void Step(Span<T> p, ReadOnlySpan<T> g, InputSpans<T> inputs, StateSpans<T> state,
        KernelPath path = KernelPath.Auto)
    {
        Prepare();
        Apply(p, g, inputs, state, path);
        Commit();
    }

    /// <summary>
    /// Applies the prepared step to parameters <paramref name="p"/> (a tensor, or a slice of one) with gradients
    /// <paramref name="g"/> and state buffers <paramref name="state"/>; when the step creates the state, fills the
    /// buffers with their initial values first. Safe to call from several threads at once on disjoint slices.
    /// </summary>
    /// <param name="p">The parameters, updated in place.</param>
    /// <param name="g">The gradients, as long as <paramref name="p"/>.</param>
    /// <param name="state">The state buffers, each viewed as long as <paramref name="p"/>.</param>
    /// <param name="path">The code path; every path gives the same bits.</param>
    /// <exception cref="InvalidOperationException">No step is prepared.</exception>
    /// <exception cref="ArgumentException">A length does not match; nothing is written.</exception>
    public void Apply(Span<T> p, ReadOnlySpan<T> g, StateSpans<T> state, KernelPath path = KernelPath.Auto) =>
        Apply(p, g, default, state, path);

    /// <summary>
    /// As <see cref="Apply(Span{T}, ReadOnlySpan{T}, StateSpans{T}, KernelPath)"/>, reading <paramref name="inputs"/>
    /// besides the gradient (see <see cref="OptimizerInfo.Inputs"/> and <see cref="ReadsInput"/>).
    /// </summary>
    /// <param name="p">The parameters, updated in place.</param>
    /// <param name="g">The gradients, as long as <paramref name="p"/>.</param>
    /// <param name="inputs">The inputs in declaration order, each as long as <paramref name="p"/> on a step that reads
    /// it.</param>
    /// <param name="state">The state buffers, each viewed as long as <paramref name="p"/>.</param>
    /// <param name="path">The code path; every path gives the same bits.</param>
    /// <exception cref="InvalidOperationException">No step is prepared.</exception>
    /// <exception cref="ArgumentException">A length does not match, or an input the step reads is missing; nothing is
    /// written.</exception>
    public void Apply(Span<T> p, ReadOnlySpan<T> g, InputSpans<T> inputs, StateSpans<T> state,
        KernelPath path = KernelPath.Auto)
    {
        FillIfCreating(p.Length, g.Length, inputs, state);
        // Without inputs, straight to the plan's Apply without them: StepPlan's overload with inputs would check that
        // none are given and forward, a second virtual call on every step of every slice.
        if (!_declaresInputs && inputs.Count == 0) _plan.Apply(p, g, state, path);
        else _plan.Apply(p, g, inputs, state, path);
    }

    /// <summary>Whether the plan has the in-register step over stored arrays (see
    /// <see cref="StepPlan{T}.AppliesStored"/>).</summary>
    internal bool AppliesStored => _plan.AppliesStored;

    /// <summary>The prepared step over arrays in storage (see <see cref="StepPlan{T}.ApplyStored"/>), for a step that
    /// does not create the state: the low-precision runtime's step.</summary>
    internal void ApplyStored<TP, TG, TS>(nint p, nint g, ReadOnlySpan<nint> states, int length, KernelPath path)
        where TP : struct, IElementStorage
        where TG : struct, IElementStorage
        where TS : struct, IElementStorage
    {
        if (!Prepared || CreatesState)
            throw new InvalidOperationException(
                "The stored step applies a prepared step that does not create the state.");
        _plan.ApplyStored<TP, TG, TS>(p, g, states, length, path);
    }

    /// <summary>Whether the prepared step reads input <paramref name="index"/> (see
    /// <see cref="OptimizerInfo.Inputs"/>).</summary>
    /// <param name="index">The input's index, in declaration order.</param>
    /// <exception cref="InvalidOperationException">No step is prepared.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The optimizer declares no such input.</exception>
    public bool ReadsInput(int index)
    {
        if (!Prepared) throw new InvalidOperationException("There is no prepared step: call Prepare first.");
        return _plan.ReadsInput(index);
    }

    /// <summary>
    /// Switches a slice of the state's tensor into <paramref name="mode"/> (see <see cref="OptimizerInfo.HasModes"/>)
    /// with the current hyperparameters and per-step state; does nothing before the state exists (a tensor with no
    /// state has nothing to move, as torch's schedulefree skips a parameter without one) or for an optimizer without a
    /// switch. Call it for every slice, from any thread, only when the mode changes.
    /// </summary>
    /// <param name="mode">The mode to enter.</param>
    /// <param name="p">The parameters of the slice, updated in place.</param>
    /// <param name="state">The state buffers of the slice.</param>
    /// <param name="path">The code path; every path gives the same bits.</param>
    /// <exception cref="ArgumentException">A length does not match; nothing is written.</exception>
    public void EnterMode(OptimizerMode mode, Span<T> p, StateSpans<T> state, KernelPath path = KernelPath.Auto)
    {
        if (HasState && Hyperparameters.Info.HasModes) _plan.EnterMode(mode, p, state, StepState, path);
    }

    /// <summary>The read-only passes a step takes over each tensor before the one that writes (see
    /// <see cref="StepPlan{T}.ReductionPasses"/>); 0 for an elementwise optimizer.</summary>
    public int ReductionPasses { get; }

    /// <summary>The reductions a step computes over each tensor (see
    /// <see cref="StepPlan{T}.ReductionCount"/>).</summary>
    public int ReductionCount { get; }

    /// <summary>The step-wide reductions as a bit mask (see <see cref="StepPlan{T}.StepWideReductions"/>).</summary>
    public uint StepWideReductions { get; }

    /// <summary>Whether the prepared step needs pass <paramref name="pass"/> (see
    /// <see cref="StepPlan{T}.NeedsPass"/>); the training runtime skips a pass no tensor needs.</summary>
    /// <param name="pass">The pass, 1 to <see cref="ReductionPasses"/>.</param>
    /// <exception cref="InvalidOperationException">No step is prepared, or the optimizer has no reductions.</exception>
    /// <exception cref="ArgumentOutOfRangeException">There is no such pass.</exception>
    public bool NeedsPass(int pass)
    {
        if (!Prepared) throw new InvalidOperationException("There is no prepared step: call Prepare first.");
        return _plan.NeedsPass(pass);
    }

    /// <summary>
    /// Computes pass <paramref name="pass"/> of the prepared step over one chunk of a tensor (see
    /// <see cref="StepPlan{T}.Reduce(int, ReadOnlySpan{T}, ReadOnlySpan{T}, StateSpans{T}, int, ReadOnlySpan{double},
    /// Span{double}, KernelPath)"/>); when the step creates the state, fills the chunk's buffers with their initial
    /// values first, as <see cref="Apply(Span{T}, ReadOnlySpan{T}, StateSpans{T}, KernelPath)"/> does, so the pass
    /// reads the state the step starts from.
    /// </summary>
    /// <param name="pass">The pass, 1 to <see cref="ReductionPasses"/>.</param>
    /// <param name="p">The chunk's parameters.</param>
    /// <param name="g">The chunk's gradients.</param>
    /// <param name="state">The chunk's state buffers.</param>
    /// <param name="tensorLength">The whole tensor's length.</param>
    /// <param name="totals">The tensor's totals of the earlier passes.</param>
    /// <param name="partials">Receives the chunk's partials.</param>
    /// <param name="path">The code path; every path gives the same bits.</param>
    /// <exception cref="InvalidOperationException">No step is prepared, or the optimizer has no reductions.</exception>
    /// <exception cref="ArgumentException">A length does not match.</exception>
    public void Reduce(int pass, ReadOnlySpan<T> p, ReadOnlySpan<T> g, StateSpans<T> state, int tensorLength,
        ReadOnlySpan<double> totals, Span<double> partials, KernelPath path = KernelPath.Auto) =>
        Reduce(pass, p, g, default, state, tensorLength, totals, partials, path);

    /// <summary>As <see cref="Reduce(int, ReadOnlySpan{T}, ReadOnlySpan{T}, StateSpans{T}, int, ReadOnlySpan{double},
    /// Span{double}, KernelPath)"/>, reading the chunk's <paramref name="inputs"/> besides the gradient.</summary>
    /// <param name="pass">The pass, 1 to <see cref="ReductionPasses"/>.</param>
    /// <param name="p">The chunk's parameters.</param>
    /// <param name="g">The chunk's gradients.</param>
    /// <param name="inputs">The chunk's inputs in declaration order.</param>
    /// <param name="state">The chunk's state buffers.</param>
    /// <param name="tensorLength">The whole tensor's length.</param>
    /// <param name="totals">The tensor's totals of the earlier passes.</param>
    /// <param name="partials">Receives the chunk's partials.</param>
    /// <param name="path">The code path; every path gives the same bits.</param>
    /// <exception cref="InvalidOperationException">No step is prepared, or the optimizer has no reductions.</exception>
    /// <exception cref="ArgumentException">A length does not match, or an input the step reads is missing.</exception>
    public void Reduce(int pass, ReadOnlySpan<T> p, ReadOnlySpan<T> g, InputSpans<T> inputs, StateSpans<T> state,
        int tensorLength, ReadOnlySpan<double> totals, Span<double> partials, KernelPath path = KernelPath.Auto)
    {
        FillIfCreating(p.Length, g.Length, inputs, state);
        _plan.Reduce(pass, p, g, inputs, state, tensorLength, totals, partials, path);
    }

    /// <summary>Adds one chunk's partials to the tensor's totals (see <see cref="StepPlan{T}.Combine"/>).</summary>
    /// <param name="pass">The pass.</param>
    /// <param name="partials">The chunk's partials.</param>
    /// <param name="totals">The tensor's totals.</param>
    public void Combine(int pass, ReadOnlySpan<double> partials, Span<double> totals) =>
        _plan.Combine(pass, partials, totals);

    /// <summary>Runs the prepared step's checks on a tensor's totals (see <see cref="StepPlan{T}.Check"/>).</summary>
    /// <param name="tensorLength">The tensor's length.</param>
    /// <param name="totals">The tensor's totals after every pass.</param>
    /// <exception cref="ArgumentException">A check fails.</exception>
    public void Check(int tensorLength, ReadOnlySpan<double> totals) => _plan.Check(tensorLength, totals);

    /// <summary>
    /// Applies the prepared step to a slice of a tensor whose reductions are <paramref name="totals"/>, as
    /// <see cref="Apply(Span{T}, ReadOnlySpan{T}, StateSpans{T}, KernelPath)"/> applies an elementwise one.
    /// </summary>
    /// <param name="p">The slice's parameters, updated in place.</param>
    /// <param name="g">The slice's gradients.</param>
    /// <param name="state">The slice's state buffers.</param>
    /// <param name="tensorLength">The whole tensor's length.</param>
    /// <param name="totals">The tensor's totals.</param>
    /// <param name="path">The code path; every path gives the same bits.</param>
    /// <exception cref="InvalidOperationException">No step is prepared.</exception>
    /// <exception cref="ArgumentException">A length does not match; nothing is written.</exception>
    public void Apply(Span<T> p, ReadOnlySpan<T> g, StateSpans<T> state, int tensorLength, ReadOnlySpan<double> totals,
        KernelPath path = KernelPath.Auto) => Apply(p, g, default, state, tensorLength, totals, path);

    /// <summary>As <see cref="Apply(Span{T}, ReadOnlySpan{T}, StateSpans{T}, int, ReadOnlySpan{double}, KernelPath)"/>,
    /// reading the slice's <paramref name="inputs"/> besides the gradient.</summary>
    /// <param name="p">The slice's parameters, updated in place.</param>
    /// <param name="g">The slice's gradients.</param>
    /// <param name="inputs">The slice's inputs in declaration order.</param>
    /// <param name="state">The slice's state buffers.</param>
    /// <param name="tensorLength">The whole tensor's length.</param>
    /// <param name="totals">The tensor's totals.</param>
    /// <param name="path">The code path; every path gives the same bits.</param>
    /// <exception cref="InvalidOperationException">No step is prepared.</exception>
    /// <exception cref="ArgumentException">A length does not match, or an input the step reads is missing; nothing is
    /// written.</exception>
    public void Apply(Span<T> p, ReadOnlySpan<T> g, InputSpans<T> inputs, StateSpans<T> state, int tensorLength,
        ReadOnlySpan<double> totals, KernelPath path = KernelPath.Auto)
    {
        FillIfCreating(p.Length, g.Length, inputs, state);
        _plan.Apply(p, g, inputs, state, tensorLength, totals, path);
    }

    private void FillIfCreating(int length, int gradientLength, InputSpans<T> inputs, StateSpans<T> state)
    {
        if (!Prepared) throw new InvalidOperationException("There is no prepared step to apply: call Prepare first.");
        if (!CreatesState) return;
        // Checked before the fill, so a refused call writes nothing.
        Guard.SameLength("g", gradientLength, length);
        Guard.SameLength(nameof(state), state.Length, length);
        for (int k = 0; k < Hyperparameters.Info.Inputs.Count; k++)
            Guard.InputLength(Hyperparameters.Info.Inputs[k].Name, k < inputs.Count ? inputs[k].Length : 0,
                length, _plan.ReadsInput(k));
        Fill(Hyperparameters, state, _startValues);
    }

    /// <summary>
    /// Fills every state buffer with its initial value under the current hyperparameters, as the step that creates the
    /// state does first: for code that steps the same memory some other way (the benchmarks' hand-written baselines).
    /// </summary>
    /// <param name="hyperparameters">The hyperparameters the initial values are computed from.</param>
    /// <param name="state">The state buffers, one per declared buffer.</param>
    /// <exception cref="ArgumentNullException"><paramref name="hyperparameters"/> is null.</exception>
    /// <exception cref="ArgumentException">The state holds another number of buffers than the optimizer
    /// declares.</exception>
    public static void FillInitialState(OptimizerHyperparameters hyperparameters, StateSpans<T> state)
    {
        ArgumentNullException.ThrowIfNull(hyperparameters);
        var values = new T[hyperparameters.Info.States.Count];
        StartValues(hyperparameters, values);
        Fill(hyperparameters, state, values);
    }

    private static void StartValues(OptimizerHyperparameters hyperparameters, Span<T> values)
    {
        for (int k = 0; k < values.Length; k++) values[k] = T.CreateTruncating(hyperparameters.InitialStateValue(k));
    }

    // Checks the buffer count before the first write, so a refused fill writes nothing.
    private static void Fill(OptimizerHyperparameters hyperparameters, StateSpans<T> state, ReadOnlySpan<T> values)
    {
        if (state.Count != values.Length)
            throw new ArgumentException(
                $"'{hyperparameters.Info.Name}' has {values.Length} state buffers, but the state holds {state.Count}.",
                nameof(state));
        for (int k = 0; k < values.Length; k++) state[k].Fill(values[k]);
    }
}
