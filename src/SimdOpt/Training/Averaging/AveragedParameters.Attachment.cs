using SimdOpt.Kernels;

namespace SimdOpt.Training;

// The update in pieces, for the one caller besides Update: an optimizer the average is attached to
// (Optimizer<T>.Attach), which prepares the update with its own step, applies it to each piece of the parameters right
// after stepping that piece, and commits it with its step.
public sealed partial class AveragedParameters<T>
{
    private Optimizer<T>? _attachedTo;

    /// <summary>Whether the average is attached to an optimizer (<see cref="Optimizer{T}.Attach"/>), whose every
    /// <see cref="Optimizer.Step()"/> updates it in the same pass over the parameters.</summary>
    public bool IsAttached => Volatile.Read(ref _attachedTo) is not null;

    /// <summary>The values of tensor <paramref name="tensor"/> that the average follows.</summary>
    internal Memory<T> ParameterOf(int tensor) => _parameters[tensor];

    /// <summary>Where tensor <paramref name="tensor"/>'s average begins in the averages end to end.</summary>
    internal int OffsetOf(int tensor) => _offsets[tensor];

    /// <summary>Marks the average as updated by <paramref name="optimizer"/>'s steps.</summary>
    /// <exception cref="ArgumentException">It is attached already (to this optimizer or another).</exception>
    internal void AttachTo(Optimizer<T> optimizer)
    {
        if (Interlocked.CompareExchange(ref _attachedTo, optimizer, null) is { } owner)
            throw new ArgumentException(ReferenceEquals(owner, optimizer)
                ? "The average is attached to this optimizer already."
                : "The average is attached to another optimizer: detach it there first, so that one update per step "
                    + "folds in one set of parameters.", "average");
    }

    /// <summary>Ends <see cref="AttachTo"/>.</summary>
    internal void DetachFrom(Optimizer<T> optimizer) => Interlocked.CompareExchange(ref _attachedTo, null, optimizer);

    /// <summary>Prepares the next update (its rule's scalars, on a copy), before anything is written.</summary>
    /// <exception cref="InvalidOperationException">The average is swapped into the parameters.</exception>
    /// <exception cref="ArgumentException">The rule's hyperparameters make the update's weight non-finite.</exception>
    internal void PrepareUpdate()
    {
        RequireNotSwapped("update the average");
        _steps.Prepare();
    }

    /// <summary>Folds <paramref name="parameters"/> into the averages from <paramref name="offset"/> on (any piece of
    /// the tensors end to end; pieces may be applied from several threads at once).</summary>
    internal void ApplyUpdate(int offset, ReadOnlySpan<T> parameters, KernelPath path)
    {
        var average = _averages.AsSpan(offset, parameters.Length);
        _steps.Apply(average, parameters, new StateSpans<T>([], 0, average.Length), path);
    }

    /// <summary>Makes the prepared update the average's: <see cref="AveragedCount"/> goes up by one.</summary>
    internal void CommitUpdate() => _steps.Commit();

    private void RequireNotAttached()
    {
        if (IsAttached)
            throw new InvalidOperationException(
                "The average is attached to an optimizer, whose every Step() updates it; "
                + "Detach it from the optimizer to update it by hand.");
    }
}
