using System.Numerics;
using SimdOpt.Kernels;

namespace SimdOpt.Training;

/// <summary>What the reduction passes need of one source of work items: a run of tensors side by side
/// (<see cref="Optimizer{T}"/>) or one stored tensor (<see cref="LowPrecisionOptimizer"/>).</summary>
/// <typeparam name="T">The element type of the step.</typeparam>
internal interface IStepSource<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The step protocol of the source's group.</summary>
    StepProtocol<T> Steps { get; }

    /// <summary>The source's number of elements, which its totals cover.</summary>
    int Length { get; }
}

/// <summary>Computes pass <paramref name="pass"/> over work item <paramref name="item"/> into
/// <paramref name="partials"/>, from its source's <paramref name="totals"/> of the earlier passes.</summary>
internal delegate void ItemReduction<in TOwner>(TOwner owner, int item, int pass, ReadOnlySpan<double> totals,
    Span<double> partials);

/// <summary>
/// The reduction passes of a step (LAMB's norms, StableAdamW's RMS), for either optimizer: for each pass, every work
/// item whose source's optimizer has one computes its partials on any thread, then each source adds its items'
/// partials in item order, so the totals have the same bits for every thread count; then every source's checks run,
/// before anything is written. Work items are the chunks of the deterministic reduction: each starts at a multiple of
/// its length.
/// </summary>
/// <typeparam name="T">The element type of the step.</typeparam>
internal sealed class StepReductions<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    // One slot per reduction of the widest plan: the partials of each work item, the totals of each source.
    private double[] _partials = [];
    private double[] _totals = [];
    private int _slots;

    /// <summary>The totals of source <paramref name="source"/> after <see cref="Run"/> (empty without
    /// reductions).</summary>
    public ReadOnlySpan<double> TotalsOf(int source, StepProtocol<T> steps) => _slots == 0
        ? default
        : _totals.AsSpan(source * _slots, steps.ReductionCount);

    /// <summary>Runs every pass of the prepared steps over <paramref name="partition"/>'s items, whose sources are
    /// <paramref name="sources"/>, then every check.</summary>
    /// <exception cref="ArgumentException">A check fails (LAMB's norms not finite, say); nothing was
    /// written.</exception>
    public void Run<TOwner, TSource>(TOwner owner, TSource[] sources, WorkPartition partition,
        int maxDegreeOfParallelism, ItemReduction<TOwner> reduce) where TSource : IStepSource<T>
    {
        int passes = 0, slots = 0;
        foreach (var source in sources)
        {
            passes = Math.Max(passes, source.Steps.ReductionPasses);
            slots = Math.Max(slots, source.Steps.ReductionCount);
        }
        _slots = slots;
        if (passes == 0) return;
        if (_totals.Length != sources.Length * slots) _totals = new double[sources.Length * slots];
        if (_partials.Length != partition.Items.Length * slots) _partials = new double[partition.Items.Length * slots];
        Array.Clear(_totals);
        WorkItem[] items = partition.Items;
        for (int pass = 1; pass <= passes; pass++)
        {
            // A pass whose results the flags leave unused by every source is not taken (its totals stay 0).
            if (!AnyNeeds(sources, pass)) continue;
            partition.ForEachBatch(maxDegreeOfParallelism, new Batch<TOwner, TSource>(this, owner, sources,
                partition, pass, reduce), static (context, batch) => context.Reduce(batch));
            for (int i = 0; i < items.Length; i++)
            {
                var steps = sources[items[i].Source].Steps;
                if (steps.ReductionPasses >= pass && steps.NeedsPass(pass))
                    steps.Combine(pass, _partials.AsSpan(i * slots, steps.ReductionCount),
                        _totals.AsSpan(items[i].Source * slots, steps.ReductionCount));
            }
        }
        for (int s = 0; s < sources.Length; s++)
        {
            var steps = sources[s].Steps;
            if (steps.ReductionPasses > 0) steps.Check(sources[s].Length, TotalsOf(s, steps));
        }
    }

    private static bool AnyNeeds<TSource>(TSource[] sources, int pass) where TSource : IStepSource<T>
    {
        foreach (var source in sources)
            if (source.Steps.ReductionPasses >= pass && source.Steps.NeedsPass(pass)) return true;
        return false;
    }

    /// <summary>One pass over the items of one batch, each into its own partials.</summary>
    private readonly record struct Batch<TOwner, TSource>(StepReductions<T> Reductions, TOwner Owner,
        TSource[] Sources, WorkPartition Partition, int Pass, ItemReduction<TOwner> Reduction)
        where TSource : IStepSource<T>
    {
        public void Reduce(int batch)
        {
            var (start, end) = Partition.Batch(batch);
            WorkItem[] items = Partition.Items;
            int slots = Reductions._slots;
            for (int i = start; i < end; i++)
            {
                var steps = Sources[items[i].Source].Steps;
                if (steps.ReductionPasses < Pass || !steps.NeedsPass(Pass)) continue;
                int count = steps.ReductionCount;
                Reduction(Owner, i, Pass, Reductions._totals.AsSpan(items[i].Source * slots, count),
                    Reductions._partials.AsSpan(i * slots, count));
            }
        }
    }
}
