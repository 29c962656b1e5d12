namespace SimdOpt.Training;

// The guard that gives an optimizer one call at a time (a step, a gradient pass, adding a group), without a locked
// instruction on the thread that makes the calls.
//
// A locked compare-exchange on every call was, after the kernel, the largest single cost of a small step: it waits
// for the store buffer to drain, which after the previous step's stores took about 8 ns of a 64-element
// Optimizer<T>.Step() (perf, Intel Xeon, docs/benchmarks.md). Training calls an optimizer from one thread, so the guard
// is biased towards it (as Java's biased locks, and the asymmetric Dekker pattern that
// Interlocked.MemoryBarrierProcessWide exists for): the first thread to call becomes the owner and marks its calls
// with plain stores. Any other thread's call takes the shared path: a locked compare-exchange among such calls, and,
// the first time, revoking the owner's bias with a process-wide barrier, after which the owner's mark is visible if
// it is in a call, or the owner sees the revocation before it starts one; from then on every call takes the shared
// path. So two calls never run at once, whatever the threads; a call made while another runs is refused (on any
// thread, re-entrant or not); and two calls that start at the same instant, as the owner is revoked, may both be
// refused, but never both run.
public abstract partial class Optimizer
{
    // _owner's value once the bias is revoked; managed thread ids are positive, and 0 means no call yet.
    private const int Revoked = -1;
    private int _owner;
    // 1 while the owner's call runs: written only by the owner thread, with plain stores.
    private int _ownerInCall;
    // 1 while a call on the shared path runs, taken with a locked compare-exchange.
    private int _sharedInCall;

    /// <summary>Marks a call that reads or writes the tensors or the state as running until the scope is
    /// disposed.</summary>
    /// <exception cref="InvalidOperationException">Another such call is running: two at once would corrupt the state,
    /// so this one changes nothing.</exception>
    private protected ExclusiveCall BeginExclusiveCall()
    {
        int thread = Environment.CurrentManagedThreadId;
        int owner = Volatile.Read(ref _owner);
        if (owner == 0)
        {
            // The first call: its thread becomes the owner, unless another's first call got there before.
            int previous = Interlocked.CompareExchange(ref _owner, thread, 0);
            owner = previous == 0 ? thread : previous;
        }
        if (owner == thread)
        {
            if (_ownerInCall != 0) throw Busy();
            Volatile.Write(ref _ownerInCall, 1);
            // No fence between the store and this load: a revoking thread's process-wide barrier orders them.
            if (Volatile.Read(ref _owner) == thread) return new ExclusiveCall(this, owned: true);
            Volatile.Write(ref _ownerInCall, 0);
        }
        if (Interlocked.CompareExchange(ref _sharedInCall, 1, 0) != 0) throw Busy();
        if (Volatile.Read(ref _owner) != Revoked)
        {
            Interlocked.Exchange(ref _owner, Revoked);
            // Drains every thread's store buffer: the owner's mark is now visible, or the owner will see Revoked.
            Interlocked.MemoryBarrierProcessWide();
        }
        if (Volatile.Read(ref _ownerInCall) != 0)
        {
            Volatile.Write(ref _sharedInCall, 0);
            throw Busy();
        }
        return new ExclusiveCall(this, owned: false);
    }

    private static InvalidOperationException Busy() => new(
        "The optimizer is already busy on another thread (a step, a gradient pass or adding a group); "
        + "it takes one call at a time.");

    /// <summary>The scope of one call of <see cref="BeginExclusiveCall"/>; disposing it lets the next call
    /// in.</summary>
    private protected readonly ref struct ExclusiveCall
    {
        private readonly Optimizer _optimizer;
        private readonly bool _owned;

        internal ExclusiveCall(Optimizer optimizer, bool owned)
        {
            _optimizer = optimizer;
            _owned = owned;
        }

        /// <summary>Ends the call.</summary>
        public void Dispose()
        {
            if (_owned) Volatile.Write(ref _optimizer._ownerInCall, 0);
            else Volatile.Write(ref _optimizer._sharedInCall, 0);
        }
    }
}
