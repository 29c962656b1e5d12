using System.Buffers;
using System.Globalization;
using System.Numerics;
using SimdOpt.Kernels;

namespace SimdOpt.Training;

/// <summary>
/// An averaged copy of parameters, as <c>torch.optim.swa_utils.AveragedModel</c>: <see cref="Update"/> after an
/// optimizer step folds the parameters' current values into the average, by an averaging rule —
/// <see cref="Averaging.Ema"/> (an exponential moving average, with timm's warm-up) or <see cref="Averaging.Swa"/> (the
/// equal average). The update is a generated kernel, like an optimizer's step: every
/// <see cref="Kernels.KernelPath"/> gives the same bits.
/// </summary>
/// <remarks>
/// <para>
/// SimdOpt has no modules, so there is no averaged model to call: the average lives in arrays of its own
/// (<see cref="GetAverage"/>), and <see cref="Swap"/> exchanges it with the parameters, in place, for what torch does
/// with the averaged module — evaluating it, recomputing batch-norm statistics (<c>update_bn</c>) with your own forward
/// pass, saving it as the model — and back again.
/// </para>
/// <para>
/// The average starts as a copy of the parameters (torch deep-copies the model), and the first update copies them again
/// (torch's <c>n_averaged == 0</c>); <see cref="AveragedCount"/> is torch's <c>n_averaged</c>. Buffers that are not
/// parameters (torch's <c>use_buffers</c>: running statistics) are averaged too when you pass them among the
/// parameters.
/// </para>
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed partial class AveragedParameters<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Memory<T>[] _parameters;
    private readonly T[] _averages;
    private readonly int[] _offsets;
    private readonly StepProtocol<T> _steps;

    /// <summary>Averages every tensor of every group of <paramref name="optimizer"/>, in order (those of groups added
    /// later are not included).</summary>
    /// <param name="optimizer">The optimizer whose parameters to average.</param>
    /// <param name="rule">The averaging rule (<see cref="Averaging.Ema"/> or <see cref="Averaging.Swa"/>), copied:
    /// change it through <see cref="Rule"/>.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="rule"/> is not an averaging rule.</exception>
    public AveragedParameters(Optimizer<T> optimizer, OptimizerHyperparameters rule)
        : this(ValuesOf(optimizer), rule) { }

    /// <summary>Averages the given parameter buffers, which must not overlap.</summary>
    /// <param name="parameters">The buffers whose values to average (parameters, and any other buffers torch's
    /// <c>use_buffers</c> would average).</param>
    /// <param name="rule">The averaging rule (<see cref="Averaging.Ema"/> or <see cref="Averaging.Swa"/>), copied:
    /// change it through <see cref="Rule"/>.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="rule"/> is not an averaging rule, or two buffers
    /// overlap.</exception>
    public AveragedParameters(IEnumerable<Memory<T>> parameters, OptimizerHyperparameters rule)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(rule);
        RequireAveragingRule(rule);
        _parameters = [.. parameters];
        MemoryOverlap.EnsureDisjoint(
            _parameters.Select((memory, i) => (memory, new BufferName(0, i, IsGradient: false))).ToArray(),
            nameof(parameters));
        _offsets = new int[_parameters.Length + 1];
        for (int i = 0; i < _parameters.Length; i++)
            _offsets[i + 1] = checked(_offsets[i] + _parameters[i].Length);
        _averages = new T[_offsets[^1]];
        for (int i = 0; i < _parameters.Length; i++) _parameters[i].Span.CopyTo(Average(i));
        Rule = rule.Clone();
        _steps = new StepProtocol<T>(Rule);
    }

    /// <summary>The averaging rule every update reads (a copy of the one passed; a change applies from the next
    /// update on).</summary>
    public OptimizerHyperparameters Rule { get; }

    /// <summary>How many updates the average holds (torch's <c>n_averaged</c>); the next update is number
    /// <c>AveragedCount + 1</c>, the <c>t</c> of the rule.</summary>
    public long AveragedCount => _steps.StepCount;

    /// <summary>The number of averaged tensors.</summary>
    public int TensorCount => _parameters.Length;

    /// <summary>Whether <see cref="Swap"/> has put the average into the parameters (and the parameters' values into
    /// the average's place).</summary>
    public bool IsSwapped { get; private set; }

    /// <summary>The averaged values of tensor <paramref name="tensor"/> (while <see cref="IsSwapped"/>, the
    /// parameter's own values, which the average replaced).</summary>
    /// <param name="tensor">The tensor's index.</param>
    /// <exception cref="ArgumentOutOfRangeException">There is no such tensor.</exception>
    public Memory<T> GetAverage(int tensor)
    {
        RequireTensor(tensor);
        return _averages.AsMemory(_offsets[tensor], _parameters[tensor].Length);
    }

    /// <summary>Folds the parameters' current values into the average (torch's <c>update_parameters</c>), one kernel
    /// pass over each tensor.</summary>
    /// <param name="path">The kernel code path; every path gives the same bits.</param>
    /// <exception cref="InvalidOperationException">The average is swapped into the parameters; nothing
    /// changes.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="path"/> is not a defined path; nothing
    /// changes.</exception>
    /// <exception cref="ArgumentException">The rule's hyperparameters make the update's weight non-finite; nothing
    /// changes.</exception>
    /// <exception cref="InvalidOperationException">The average is attached to an optimizer, whose steps update
    /// it (see <see cref="Optimizer{T}.Attach"/>); nothing changes.</exception>
    public void Update(KernelPath path = KernelPath.Auto)
    {
        RequireNotAttached();
        if (!KernelPaths.IsDefined(path))
            throw new ArgumentOutOfRangeException(nameof(path), path, "Unknown kernel path.");
        PrepareUpdate();
        for (int i = 0; i < _parameters.Length; i++) ApplyUpdate(_offsets[i], _parameters[i].Span, path);
        _steps.Commit();
    }

    /// <summary>
    /// Exchanges the average and the parameters' values, in place: after one call the parameters hold the average (to
    /// evaluate it, to recompute batch-norm statistics with your forward pass as torch's <c>update_bn</c> does, or to
    /// save it as the model), after the next they hold their own values again.
    /// </summary>
    public void Swap()
    {
        T[] scratch = ArrayPool<T>.Shared.Rent(4096);
        try
        {
            for (int i = 0; i < _parameters.Length; i++)
            {
                Span<T> parameter = _parameters[i].Span, average = Average(i);
                for (int start = 0; start < parameter.Length; start += scratch.Length)
                {
                    int length = Math.Min(scratch.Length, parameter.Length - start);
                    Span<T> p = parameter.Slice(start, length), a = average.Slice(start, length);
                    Span<T> s = scratch.AsSpan(0, length);
                    p.CopyTo(s);
                    a.CopyTo(p);
                    s.CopyTo(a);
                }
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(scratch);
        }
        IsSwapped = !IsSwapped;
    }

    /// <summary>Copies the average into other buffers (an evaluation copy of the model), tensor by tensor.</summary>
    /// <param name="destination">One buffer per tensor, each as long as its tensor.</param>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is null.</exception>
    /// <exception cref="ArgumentException">The number of buffers or a buffer's length differs; nothing is
    /// copied.</exception>
    /// <exception cref="InvalidOperationException">The average is swapped into the parameters.</exception>
    public void CopyTo(IReadOnlyList<Memory<T>> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        RequireNotSwapped("copy the average");
        if (destination.Count != _parameters.Length)
            throw new ArgumentException(Invariant(
                $"The average has {_parameters.Length} tensors, but {destination.Count} buffers were given."),
                nameof(destination));
        for (int i = 0; i < destination.Count; i++)
            if (destination[i].Length != _parameters[i].Length)
                throw new ArgumentException(Invariant(
                    $"Tensor {i} has {_parameters[i].Length} elements, but buffer {i} holds {destination[i].Length}."),
                    nameof(destination));
        for (int i = 0; i < destination.Count; i++) Average(i).CopyTo(destination[i].Span);
    }

    /// <inheritdoc/>
    public override string ToString() => Invariant(
        $"AveragedParameters<{typeof(T).Name}>({Rule.Info.Name}, {AveragedCount} averaged, {TensorCount} tensors)");

    private Span<T> Average(int tensor) => _averages.AsSpan(_offsets[tensor], _parameters[tensor].Length);

    private void RequireTensor(int tensor)
    {
        if ((uint)tensor >= (uint)_parameters.Length)
            throw new ArgumentOutOfRangeException(nameof(tensor), tensor,
                Invariant($"There is no tensor {tensor}: the average has {_parameters.Length}."));
    }

    private void RequireNotSwapped(string what)
    {
        if (IsSwapped)
            throw new InvalidOperationException(
                $"Cannot {what} while it is swapped into the parameters; call Swap() again first.");
    }

    // An averaging rule reads the average (p) and the parameter (g) only: no state buffer, no per-step state; and it is
    // not an optimizer of the registry (its [Optimizer] says Registered = false).
    private static void RequireAveragingRule(OptimizerHyperparameters rule)
    {
        var info = rule.Info;
        if (info.States.Count != 0 || info.StepStates.Count != 0
            || OptimizerRegistry.All.Any(registered => registered.Type == rule.GetType()))
            throw new ArgumentException(
                $"'{info.Name}' is an optimizer, not an averaging rule such as SimdOpt.Averaging.Ema or "
                + "SimdOpt.Averaging.Swa (a spec with [Optimizer(Registered = false)] and no state).", nameof(rule));
    }

    private static IEnumerable<Memory<T>> ValuesOf(Optimizer<T> optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var values = new List<Memory<T>>();
        foreach (var group in optimizer.Groups)
            for (int i = 0; i < group.TensorCount; i++) values.Add(optimizer.GetParameter(group.Index, i).Value);
        return values;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
