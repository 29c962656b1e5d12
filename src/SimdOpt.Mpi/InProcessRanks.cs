using System.Globalization;

namespace SimdOpt.Mpi;

/// <summary>
/// A group of ranks that are threads of this process: <see cref="Run"/> starts one thread per rank, each with its own
/// <see cref="IRankCommunicator"/>, and returns when all have finished. The collectives copy between the threads'
/// memory, so a program written against <see cref="IRankCommunicator"/> runs unchanged here and under MPI: this is how
/// the tests step 1, 2, 3 and 4 ranks on one machine without an MPI installation.
/// </summary>
public static class InProcessRanks
{
    /// <summary>The most ranks one group may have.</summary>
    public const int MaxSize = 256;

    /// <summary>
    /// Runs <paramref name="body"/> once per rank, on <paramref name="size"/> threads at once. When a rank throws, the
    /// others are released from any collective they wait in (with <see cref="OperationCanceledException"/>), and the
    /// first exception a rank threw is rethrown here.
    /// </summary>
    /// <param name="size">The number of ranks, 1 to <see cref="MaxSize"/>.</param>
    /// <param name="body">What every rank does, given its communicator.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is below 1 or above
    /// <see cref="MaxSize"/>.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is null.</exception>
    public static void Run(int size, Action<IRankCommunicator> body)
    {
        if (size is < 1 or > MaxSize)
            throw new ArgumentOutOfRangeException(nameof(size), size, string.Create(CultureInfo.InvariantCulture,
                $"A group has 1 to {MaxSize} ranks, not {size}."));
        ArgumentNullException.ThrowIfNull(body);
        var group = new Group(size);
        var failures = new Exception?[size];
        var threads = new Thread[size];
        for (int r = 0; r < size; r++)
        {
            int rank = r;
            threads[r] = new Thread(() =>
            {
                try
                {
                    body(new Communicator(group, rank));
                }
                catch (Exception e)
                {
                    failures[rank] = e;
                    group.Abort();
                }
            })
            { IsBackground = true, Name = string.Create(CultureInfo.InvariantCulture, $"rank {rank}") };
            threads[r].Start();
        }
        foreach (var thread in threads) thread.Join();
        // The first failure that is not another rank being released.
        var first = failures.FirstOrDefault(e => e is not null and not OperationCanceledException)
            ?? failures.FirstOrDefault(e => e is not null);
        if (first is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
    }

    // What the ranks of one group share: one posted contribution per rank, and the barrier between the phases.
    private sealed class Group(int size)
    {
        private readonly Barrier _barrier = new(size);
        private readonly CancellationTokenSource _abort = new();

        public int Size => size;

        public object?[] Posted { get; } = new object?[size];

        public void Wait() => _barrier.SignalAndWait(_abort.Token);

        public void Abort() => _abort.Cancel();
    }

    // Each collective: post, wait until all have posted, read the others' posts, wait until all have read.
    private sealed class Communicator(Group group, int rank) : IRankCommunicator
    {
        public int Rank => rank;

        public int Size => group.Size;

        public void AllGather<T>(ReadOnlySpan<T> mine, Span<T> all, ReadOnlySpan<int> counts) where T : unmanaged
        {
            CollectiveArguments.AllGather(mine.Length, all.Length, counts, rank, Size);
            group.Posted[rank] = mine.ToArray();
            group.Wait();
            int offset = 0;
            for (int r = 0; r < Size; r++)
            {
                var piece = (T[])group.Posted[r]!;
                CollectiveArguments.Length(piece.Length, counts[r], nameof(counts));
                piece.CopyTo(all[offset..]);
                offset += piece.Length;
            }
            group.Wait();
        }

        public void AllToAll<T>(ReadOnlySpan<T> send, ReadOnlySpan<int> sendCounts, Span<T> receive,
            ReadOnlySpan<int> receiveCounts) where T : unmanaged
        {
            CollectiveArguments.AllToAll(send.Length, sendCounts, receive.Length, receiveCounts, Size);
            group.Posted[rank] = (send.ToArray(), sendCounts.ToArray());
            group.Wait();
            int offset = 0;
            for (int r = 0; r < Size; r++)
            {
                var (pieces, counts) = ((T[], int[]))group.Posted[r]!;
                int start = 0;
                for (int k = 0; k < rank; k++) start += counts[k];
                CollectiveArguments.Length(counts[rank], receiveCounts[r], nameof(receiveCounts));
                pieces.AsSpan(start, counts[rank]).CopyTo(receive[offset..]);
                offset += counts[rank];
            }
            group.Wait();
        }

        public void Barrier() => group.Wait();
    }
}
