using System.Globalization;
using System.Runtime.CompilerServices;

namespace SimdOpt.Mpi;

/// <summary>
/// The ranks of <c>MPI_COMM_WORLD</c> (one rank per process started by <c>mpirun</c>), through Open MPI's
/// <c>libmpi</c>. Create it once per process with <see cref="Initialize"/>, and dispose of it at the end, which ends
/// MPI (<c>MPI_Finalize</c>) when this object started it. Calls are made from one thread at a time (MPI's
/// <c>MPI_THREAD_SINGLE</c>): a <see cref="ShardedOptimizer{T}"/> spreads its own work over threads between them.
/// </summary>
public sealed unsafe class MpiCommunicator : IRankCommunicator, IDisposable
{
    // Open MPI's MPI_IN_PLACE, ((void *) 1) in its mpi.h.
    private static readonly void* InPlace = (void*)1;
    private static readonly Lock InitLock = new();
    private readonly OpenMpiLibrary _mpi;
    private readonly bool _ownsMpi;
    private bool _disposed;

    private MpiCommunicator(OpenMpiLibrary mpi, bool ownsMpi)
    {
        _mpi = mpi;
        _ownsMpi = ownsMpi;
        int rank, size;
        Check(_mpi.CommRank(_mpi.CommWorld, &rank), "MPI_Comm_rank");
        Check(_mpi.CommSize(_mpi.CommWorld, &size), "MPI_Comm_size");
        Rank = rank;
        Size = size;
    }

    /// <summary>Starts MPI in this process (<c>MPI_Init</c>) unless it has started already, and returns the world's
    /// ranks. A process not started by <c>mpirun</c> is a group of one rank (MPI's singleton).</summary>
    /// <exception cref="DllNotFoundException">Open MPI is not installed, or the library found is not Open
    /// MPI.</exception>
    /// <exception cref="InvalidOperationException">MPI has already been ended in this process, or fails to
    /// start.</exception>
    public static MpiCommunicator Initialize()
    {
        var mpi = OpenMpiLibrary.Load();
        lock (InitLock)
        {
            int initialized, finalized;
            Check(mpi, mpi.Finalized(&finalized), "MPI_Finalized");
            if (finalized != 0)
                throw new InvalidOperationException("MPI has already been ended in this process; it cannot restart.");
            Check(mpi, mpi.Initialized(&initialized), "MPI_Initialized");
            if (initialized == 0) Check(mpi, mpi.Init(null, null), "MPI_Init");
            return new MpiCommunicator(mpi, ownsMpi: initialized == 0);
        }
    }

    /// <inheritdoc/>
    public int Rank { get; }

    /// <inheritdoc/>
    public int Size { get; }

    /// <inheritdoc/>
    /// <exception cref="ObjectDisposedException">MPI has been ended.</exception>
    public void AllGather<T>(ReadOnlySpan<T> mine, Span<T> all, ReadOnlySpan<int> counts) where T : unmanaged
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CollectiveArguments.AllGather(mine.Length, all.Length, counts, Rank, Size);
        var (type, scale) = Datatype<T>();
        Span<int> scaled = stackalloc int[Size];
        Span<int> displacements = stackalloc int[Size];
        Displace(counts, scale, scaled, displacements, nameof(counts));
        // MPI forbids a send buffer inside the receive buffer, except this rank's own piece passed as MPI_IN_PLACE.
        bool inPlace = ((ReadOnlySpan<T>)all).Overlaps(mine, out int at) && at == displacements[Rank] / scale;
        if (!inPlace && mine.Overlaps(all)) mine = mine.ToArray();
        fixed (T* send = mine)
        fixed (T* receive = all)
        fixed (int* receiveCounts = scaled)
        fixed (int* receiveDisplacements = displacements)
            Check(_mpi.Allgatherv(inPlace ? InPlace : send, scaled[Rank], type, receive, receiveCounts,
                receiveDisplacements, type, _mpi.CommWorld), "MPI_Allgatherv");
    }

    /// <inheritdoc/>
    /// <exception cref="ObjectDisposedException">MPI has been ended.</exception>
    public void AllToAll<T>(ReadOnlySpan<T> send, ReadOnlySpan<int> sendCounts, Span<T> receive,
        ReadOnlySpan<int> receiveCounts) where T : unmanaged
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CollectiveArguments.AllToAll(send.Length, sendCounts, receive.Length, receiveCounts, Size);
        var (type, scale) = Datatype<T>();
        Span<int> sent = stackalloc int[Size];
        Span<int> sentAt = stackalloc int[Size];
        Span<int> received = stackalloc int[Size];
        Span<int> receivedAt = stackalloc int[Size];
        Displace(sendCounts, scale, sent, sentAt, nameof(sendCounts));
        Displace(receiveCounts, scale, received, receivedAt, nameof(receiveCounts));
        fixed (T* s = send)
        fixed (T* r = receive)
        fixed (int* sc = sent)
        fixed (int* sd = sentAt)
        fixed (int* rc = received)
        fixed (int* rd = receivedAt)
            Check(_mpi.Alltoallv(s, sc, sd, type, r, rc, rd, type, _mpi.CommWorld), "MPI_Alltoallv");
    }

    /// <inheritdoc/>
    /// <exception cref="ObjectDisposedException">MPI has been ended.</exception>
    public void Barrier()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Check(_mpi.Barrier(_mpi.CommWorld), "MPI_Barrier");
    }

    /// <summary>Ends MPI in this process (<c>MPI_Finalize</c>) when <see cref="Initialize"/> started it; every rank
    /// must do so.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (_ownsMpi) Check(_mpi.FinalizeMpi(), "MPI_Finalize");
    }

    // Floats and doubles travel as MPI's own types; anything else as bytes (MPI only copies them).
    private (nint Type, int Scale) Datatype<T>() where T : unmanaged =>
        typeof(T) == typeof(float) ? (_mpi.Float, 1)
            : typeof(T) == typeof(double) ? (_mpi.Double, 1)
            : (_mpi.Byte, Unsafe.SizeOf<T>());

    // MPI counts and displacements are ints: the counts in MPI's units, and where each rank's piece starts.
    private static void Displace(ReadOnlySpan<int> counts, int scale, Span<int> scaled, Span<int> displacements,
        string name)
    {
        long at = 0;
        for (int r = 0; r < counts.Length; r++)
        {
            long count = (long)counts[r] * scale;
            if (at + count > int.MaxValue)
                throw new ArgumentOutOfRangeException(name, string.Create(CultureInfo.InvariantCulture,
                    $"The pieces reach {at + count} units of MPI's count type, more than an int holds."));
            scaled[r] = (int)count;
            displacements[r] = (int)at;
            at += count;
        }
    }

    private void Check(int code, string call) => Check(_mpi, code, call);

    private static void Check(OpenMpiLibrary mpi, int code, string call)
    {
        if (code != 0) throw new InvalidOperationException($"{call} failed: {mpi.Describe(code)}");
    }
}
