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
/// A step-wide reduction (<c>global_norm(g)</c>, timm's global gradient norm) is added up over every source of one
/// optimizer (sources whose hyperparameters describe the same <see cref="OptimizerInfo"/>; the first of them leads),
/// item partials in item order, that is tensor order, then chunk order, and each of those sources reads that total
/// in every later pass, its checks and its step. A pass one of them needs is taken by all, so the total covers every
/// tensor whatever its own group's flags.
/// </summary>
/// <typeparam name="T">The element type of the step.</typeparam>
internal sealed class StepReductions<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    // One slot per reduction of the widest plan: the partials of each work item, the totals of each source.
    private double[] _partials = [];
    private double[] _totals = [];
    private int _slots;
    // Step-wide reductions: each source's leader (-1 without any), whether a source of a leader's optimizer needs the
    // current pass, and each leader's step-wide totals.
    private int[] _leader = [];
    private bool[] _leaderNeeds = [];
    private double[] _stepWideTotals = [];
    private bool _anyStepWide;

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
        FindLeaders(sources);
        WorkItem[] items = partition.Items;
        for (int pass = 1; pass <= passes; pass++)
        {
            // A pass whose results the flags leave unused by every source is not taken (its totals stay 0).
            if (!AnyNeeds(sources, pass)) continue;
            NoteStepWideNeeds(sources, pass);
            partition.ForEachBatch(maxDegreeOfParallelism, new Batch<TOwner, TSource>(this, owner, sources,
                partition, pass, reduce), static (context, batch) => context.Reduce(batch));
            for (int i = 0; i < items.Length; i++)
            {
                int source = items[i].Source;
                var steps = sources[source].Steps;
                if (!Takes(steps, source, pass)) continue;
                var partials = _partials.AsSpan(i * slots, steps.ReductionCount);
                steps.Combine(pass, partials, _totals.AsSpan(source * slots, steps.ReductionCount));
                if (_anyStepWide && _leader[source] >= 0)
                    steps.Combine(pass, partials, _stepWideTotals.AsSpan(_leader[source] * slots,
                        steps.ReductionCount));
            }
            if (_anyStepWide) ShareStepWideTotals(sources);
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

    // Finds each source's leader: the first source of the same optimizer with step-wide reductions.
    private void FindLeaders<TSource>(TSource[] sources) where TSource : IStepSource<T>
    {
        _anyStepWide = false;
        foreach (var source in sources) _anyStepWide |= source.Steps.StepWideReductions != 0;
        if (!_anyStepWide) return;
        if (_leader.Length != sources.Length)
        {
            _leader = new int[sources.Length];
            _leaderNeeds = new bool[sources.Length];
        }
        if (_stepWideTotals.Length != _totals.Length) _stepWideTotals = new double[_totals.Length];
        Array.Clear(_stepWideTotals);
        for (int s = 0; s < sources.Length; s++)
        {
            var steps = sources[s].Steps;
            _leader[s] = -1;
            if (steps.StepWideReductions == 0) continue;
            _leader[s] = s;
            for (int l = 0; l < s; l++)
                if (_leader[l] == l && ReferenceEquals(sources[l].Steps.Hyperparameters.Info,
                        steps.Hyperparameters.Info))
                {
                    _leader[s] = l;
                    break;
                }
        }
    }

    // Notes which leaders' sources take the pass: all of them once one needs it.
    private void NoteStepWideNeeds<TSource>(TSource[] sources, int pass) where TSource : IStepSource<T>
    {
        if (!_anyStepWide) return;
        Array.Clear(_leaderNeeds);
        for (int s = 0; s < sources.Length; s++)
        {
            var steps = sources[s].Steps;
            if (_leader[s] >= 0 && steps.ReductionPasses >= pass && steps.NeedsPass(pass))
                _leaderNeeds[_leader[s]] = true;
        }
    }

    // Whether source `source` takes the pass: when it needs it, or another source sharing its step-wide totals does.
    private bool Takes(StepProtocol<T> steps, int source, int pass) => steps.ReductionPasses >= pass
        && (steps.NeedsPass(pass) || (_anyStepWide && _leader[source] >= 0 && _leaderNeeds[_leader[source]]));

    // Copies every leader's step-wide totals (of every pass so far) over each of its sources' own.
    private void ShareStepWideTotals<TSource>(TSource[] sources) where TSource : IStepSource<T>
    {
        for (int s = 0; s < sources.Length; s++)
        {
            if (_leader[s] < 0) continue;
            int own = s * _slots, leader = _leader[s] * _slots;
            for (uint mask = sources[s].Steps.StepWideReductions; mask != 0; mask &= mask - 1)
            {
                int k = BitOperations.TrailingZeroCount(mask);
                _totals[own + k] = _stepWideTotals[leader + k];
            }
        }
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
                if (!Reductions.Takes(steps, items[i].Source, Pass)) continue;
                int count = steps.ReductionCount;
                Reduction(Owner, i, Pass, Reductions._totals.AsSpan(items[i].Source * slots, count),
                    Reductions._partials.AsSpan(i * slots, count));
            }
        }
    }
}
