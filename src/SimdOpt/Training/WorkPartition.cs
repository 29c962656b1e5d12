using SimdOpt.Kernels;

namespace SimdOpt.Training;

/// <summary>A run of elements of one span (a tensor, or a step run): the unit of work every step, reduction and
/// gradient operation is split into.</summary>
/// <param name="Source">The index, in the list of lengths the partition was cut from, of the span the item is a piece
/// of: a tensor, or a step run of tensors.</param>
/// <param name="Start">The first element.</param>
/// <param name="Length">The number of elements.</param>
internal readonly record struct WorkItem(int Source, int Start, int Length);

/// <summary>
/// How the tensors of an optimizer are cut into work: a large tensor into chunks of <see cref="ChunkLength"/> elements,
/// small tensors one item each, and consecutive items into batches of about a chunk's worth of elements, so a thread
/// takes many small tensors at once and per-tensor overhead vanishes. The cut depends only on the tensor lengths, never
/// on the thread count, and chunk boundaries are multiples of <see cref="WholeVectorSlices.Granule"/> elements (whole
/// vectors of every width), so every thread count and every kernel path gives the same bits. A whole-vector cut into a
/// given number of slices, for one span and one thread each, is <see cref="WholeVectorSlices.Cut"/>.
/// </summary>
internal sealed class WorkPartition
{
    /// <summary>The longest work item: 32 Ki elements, whole vectors of every width, and exactly one chunk of the
    /// deterministic reduction, so a reduction's partials are per item.</summary>
    public const int ChunkLength = Kernels.Internal.DeterministicReduction.ChunkLength;

    private readonly int[] _batchStarts;

    private WorkPartition(WorkItem[] items, int[] batchStarts)
    {
        Items = items;
        _batchStarts = batchStarts;
    }

    /// <summary>Cuts tensors of the given lengths into items and batches.</summary>
    /// <param name="lengths">The length of every tensor, in optimizer order.</param>
    public static WorkPartition Create(IReadOnlyList<int> lengths)
    {
        var items = new List<WorkItem>();
        var batchStarts = new List<int> { 0 };
        long inBatch = 0;
        for (int tensor = 0; tensor < lengths.Count; tensor++)
        {
            for (int start = 0; start < lengths[tensor]; start += ChunkLength)
            {
                int length = Math.Min(ChunkLength, lengths[tensor] - start);
                items.Add(new WorkItem(tensor, start, length));
                inBatch += length;
                if (inBatch >= ChunkLength)
                {
                    batchStarts.Add(items.Count);
                    inBatch = 0;
                }
            }
        }
        if (batchStarts[^1] != items.Count) batchStarts.Add(items.Count);
        return new WorkPartition([.. items], [.. batchStarts]);
    }

    /// <summary>Every work item, tensor by tensor, each tensor's items in element order.</summary>
    public WorkItem[] Items { get; }

    /// <summary>The number of batches.</summary>
    public int BatchCount => _batchStarts.Length - 1;

    /// <summary>The items of batch <paramref name="batch"/>.</summary>
    /// <param name="batch">The batch index.</param>
    public (int Start, int End) Batch(int batch) => (_batchStarts[batch], _batchStarts[batch + 1]);

    /// <summary>Runs <paramref name="body"/> for every batch, on up to <paramref name="maxDegreeOfParallelism"/>
    /// threads.</summary>
    /// <param name="maxDegreeOfParallelism">The most threads to use; 1 runs every batch on the calling thread.</param>
    /// <param name="context">What the batches share (the optimizer, an operand): passed, never captured, so a static
    /// body allocates nothing on one thread.</param>
    /// <param name="body">The work of one batch.</param>
    public void ForEachBatch<TContext>(int maxDegreeOfParallelism, TContext context, Action<TContext, int> body)
    {
        int count = BatchCount;
        if (maxDegreeOfParallelism == 1 || count <= 1)
        {
            for (int batch = 0; batch < count; batch++) body(context, batch);
            return;
        }
        RunInParallel(count, maxDegreeOfParallelism, context, body);
    }

    // Apart from ForEachBatch, so the closure Parallel.For needs is allocated only when threads share the batches (a
    // lambda capturing ForEachBatch's parameters would allocate it on every call, one thread or not).
    private static void RunInParallel<TContext>(int count, int maxDegreeOfParallelism, TContext context,
        Action<TContext, int> body)
    {
        try
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism },
                batch => body(context, batch));
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
    }
}
