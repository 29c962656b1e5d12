using SimdOpt.Kernels;

namespace SimdOpt.Training;

// Weight averages updated in the step's own pass: each work item is averaged right after it is stepped, on the same
// thread, while its parameters are still in cache, instead of a pass of AveragedParameters.Update reading them again.
public sealed partial class Optimizer<T>
{
    private AttachedAverage<T>[] _attached = [];

    /// <summary>The averages attached with <see cref="Attach"/>, in the order they were attached.</summary>
    public IReadOnlyList<AveragedParameters<T>> AttachedAverages => _attached.Select(a => a.Average).ToArray();

    /// <summary>
    /// Attaches a weight average, so that every <see cref="Optimizer.Step()"/> from now on also updates it, in the
    /// same pass over the parameters: each piece of the parameters is folded into the average right after it is
    /// stepped, on the same thread, while it is still in cache. The result is the same bits as
    /// <see cref="Optimizer.Step()"/> followed by <see cref="AveragedParameters{T}.Update"/>, on every kernel path and
    /// thread count; a step that does not happen (one <see cref="GradScaler"/> skips, one refused) does not update the
    /// average either.
    /// </summary>
    /// <remarks>
    /// The average must follow consecutive tensors of this optimizer, in its order — all of them, as
    /// <c>new AveragedParameters&lt;T&gt;(optimizer, rule)</c> makes it, or a run of them (one group's, say) — and it
    /// must be of the optimizer's element type, which its type <see cref="AveragedParameters{T}"/> ensures. While
    /// attached, its own <see cref="AveragedParameters{T}.Update"/> refuses, so no step is folded in twice; an average
    /// swapped into the parameters makes <see cref="Optimizer.Step()"/> throw
    /// <see cref="InvalidOperationException"/> before anything changes. An average updated less often than every
    /// step (SWA once an epoch) gains little from fusing: call its <see cref="AveragedParameters{T}.Update"/> on
    /// those steps instead.
    /// </remarks>
    /// <param name="average">The average of this optimizer's parameters.</param>
    /// <exception cref="ArgumentNullException"><paramref name="average"/> is null.</exception>
    /// <exception cref="ArgumentException">The average is attached already (here or to another optimizer), or follows
    /// other buffers than consecutive tensors of this optimizer; nothing changes.</exception>
    /// <exception cref="InvalidOperationException">The average is swapped into the parameters, or another call of this
    /// optimizer is running on another thread; nothing changes.</exception>
    public void Attach(AveragedParameters<T> average)
    {
        ArgumentNullException.ThrowIfNull(average);
        using var call = BeginExclusiveCall();
        if (average.IsSwapped)
            throw new InvalidOperationException(
                "Cannot attach the average while it is swapped into the parameters; call Swap() again first.");
        int first = FirstTensorFollowedBy(average);
        average.AttachTo(this);
        _attached = [.. _attached, new AttachedAverage<T>(average, first)];
    }

    /// <summary>Detaches an average <see cref="Attach"/> attached: steps no longer update it, and its own
    /// <see cref="AveragedParameters{T}.Update"/> works again.</summary>
    /// <param name="average">The average.</param>
    /// <returns>Whether it was attached to this optimizer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="average"/> is null.</exception>
    /// <exception cref="InvalidOperationException">Another call of this optimizer is running on another thread; nothing
    /// changes.</exception>
    public bool Detach(AveragedParameters<T> average)
    {
        ArgumentNullException.ThrowIfNull(average);
        using var call = BeginExclusiveCall();
        int index = Array.FindIndex(_attached, a => ReferenceEquals(a.Average, average));
        if (index < 0) return false;
        _attached = [.. _attached[..index], .. _attached[(index + 1)..]];
        average.DetachFrom(this);
        return true;
    }

    // Before the step writes anything: each attached average's update is prepared (refused while it is swapped, or
    // when its rule's weight is not finite), and mapped onto the step runs of now.
    private void PrepareAverages()
    {
        foreach (var attached in _attached)
        {
            attached.Average.PrepareUpdate();
            attached.MapOnto(_stepRuns, _tensors);
        }
    }

    private void AverageItem(WorkItem item, ReadOnlySpan<T> p, KernelPath path)
    {
        foreach (var attached in _attached) attached.Apply(item, p, path);
    }

    private void CommitAverages()
    {
        foreach (var attached in _attached) attached.Average.CommitUpdate();
    }

    // The index of the optimizer's tensor the average's tensor 0 is, after checking that the average's tensors are
    // that one and the ones after it, in order.
    private int FirstTensorFollowedBy(AveragedParameters<T> average)
    {
        int count = average.TensorCount;
        if (count == 0) return 0;
        int first = Array.FindIndex(_tensors, t => t.Value.Equals(average.ParameterOf(0)));
        if (first < 0)
            throw new ArgumentException(
                "Tensor 0 of the average is none of this optimizer's parameters: an attached average must follow "
                + "the optimizer's own tensors (new AveragedParameters<T>(optimizer, rule)).", nameof(average));
        for (int k = 1; k < count; k++)
        {
            if (first + k >= _tensors.Length)
                throw new ArgumentException(
                    Invariant($"The average holds {count} tensors, but the optimizer has only ")
                    + Invariant($"{_tensors.Length - first} from its tensor {Describe(first)} on, ")
                    + "where the average's tensor 0 is.", nameof(average));
            if (!_tensors[first + k].Value.Equals(average.ParameterOf(k)))
                throw new ArgumentException(
                    Invariant($"Tensor {k} of the average is not the optimizer's next tensor, {Describe(first + k)}: ")
                    + "an attached average must follow consecutive tensors of the optimizer, in its order.",
                    nameof(average));
        }
        return first;
    }

    private string Describe(int tensor) =>
        Invariant($"{_tensors[tensor].IndexInGroup} of group {_tensors[tensor].Group}");
}
