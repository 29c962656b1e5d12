namespace SimdOpt.Mpi;

/// <summary>
/// The collective operations a <see cref="ShardedOptimizer{T}"/> needs from a group of ranks: every rank of the
/// group calls the same operations in the same order, and each call returns once every rank has made it. Both
/// operations only move elements (no arithmetic happens in transit), so the bits that arrive are the bits that were
/// sent: every sum the optimizer needs is computed by the receiving rank, in a fixed order.
/// </summary>
/// <remarks>
/// Two implementations ship: <see cref="MpiCommunicator"/> (MPI's <c>MPI_COMM_WORLD</c>, one rank per process,
/// across machines) and <see cref="InProcessRanks"/> (ranks as threads of one process, for tests and for trying a
/// rank count on one machine).
/// </remarks>
public interface IRankCommunicator
{
    /// <summary>This rank's number, from 0 to <see cref="Size"/> - 1.</summary>
    int Rank { get; }

    /// <summary>The number of ranks in the group.</summary>
    int Size { get; }

    /// <summary>
    /// All-gather of variable-length pieces (<c>MPI_Allgatherv</c>): rank <c>r</c> contributes
    /// <c>counts[r]</c> elements, and every rank receives all pieces in rank order, end to end.
    /// </summary>
    /// <param name="mine">This rank's piece, <c>counts[Rank]</c> elements; it may be this rank's own place in
    /// <paramref name="all"/> (an all-gather in place).</param>
    /// <param name="all">Receives every piece; the sum of <paramref name="counts"/> elements.</param>
    /// <param name="counts">The length of each rank's piece, the same on every rank.</param>
    /// <typeparam name="T">An unmanaged element type, moved as its bytes.</typeparam>
    void AllGather<T>(ReadOnlySpan<T> mine, Span<T> all, ReadOnlySpan<int> counts) where T : unmanaged;

    /// <summary>
    /// All-to-all of variable-length pieces (<c>MPI_Alltoallv</c>): this rank sends
    /// <c>sendCounts[r]</c> consecutive elements of <paramref name="send"/> to rank <c>r</c> (in rank order), and
    /// receives <c>receiveCounts[r]</c> elements from rank <c>r</c> into <paramref name="receive"/> (in rank order).
    /// </summary>
    /// <param name="send">Every piece this rank sends, end to end in rank order.</param>
    /// <param name="sendCounts">How many elements go to each rank.</param>
    /// <param name="receive">Receives every piece sent to this rank, end to end in rank order.</param>
    /// <param name="receiveCounts">How many elements come from each rank.</param>
    /// <typeparam name="T">An unmanaged element type, moved as its bytes.</typeparam>
    void AllToAll<T>(ReadOnlySpan<T> send, ReadOnlySpan<int> sendCounts, Span<T> receive,
        ReadOnlySpan<int> receiveCounts) where T : unmanaged;

    /// <summary>Returns once every rank has called it (<c>MPI_Barrier</c>).</summary>
    void Barrier();
}
