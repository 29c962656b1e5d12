using SimdOpt.Kernels;

namespace SimdOpt.Training;

// The reduction passes of a step (LAMB's norms, StableAdamW's RMS): for each pass, every chunk of every tensor whose
// optimizer has one computes its partials on any thread, then each tensor adds its chunks' partials in chunk order, so
// the totals have the same bits for every thread count; then every tensor's checks run, before anything is written.
public sealed partial class Optimizer<T>
{
    // One slot per reduction of the widest plan: the partials of each work item, the totals of each run.
    private double[] _reductionPartials = [];
    private double[] _reductionTotals = [];
    private int _reductionSlots;

    private ReadOnlySpan<double> TotalsOf(int run) => _reductionSlots == 0
        ? default
        : _reductionTotals.AsSpan(run * _reductionSlots, _stepRuns[run].Steps.ReductionCount);

    private void ReduceRuns()
    {
        int passes = 0, slots = 0;
        foreach (var run in _stepRuns)
        {
            passes = Math.Max(passes, run.Steps.ReductionPasses);
            slots = Math.Max(slots, run.Steps.ReductionCount);
        }
        _reductionSlots = slots;
        if (passes == 0) return;
        // Work items are the chunks of the deterministic reduction: each starts at a multiple of its length.
        if (_reductionTotals.Length != _stepRuns.Length * slots)
            _reductionTotals = new double[_stepRuns.Length * slots];
        if (_reductionPartials.Length != _stepPartition.Items.Length * slots)
            _reductionPartials = new double[_stepPartition.Items.Length * slots];
        Array.Clear(_reductionTotals);
        WorkItem[] items = _stepPartition.Items;
        for (int pass = 1; pass <= passes; pass++)
        {
            // A pass whose results the flags leave unused by every tensor is not taken (its totals stay 0).
            if (!AnyRunNeeds(pass)) continue;
            _stepPartition.ForEachBatch(MaxDegreeOfParallelism, (Optimizer: this, Pass: pass),
                static (context, batch) => context.Optimizer.ReduceBatch(batch, context.Pass));
            for (int i = 0; i < items.Length; i++)
            {
                var steps = _stepRuns[items[i].Source].Steps;
                if (steps.ReductionPasses >= pass && steps.NeedsPass(pass))
                    steps.Combine(pass, _reductionPartials.AsSpan(i * slots, steps.ReductionCount),
                        _reductionTotals.AsSpan(items[i].Source * slots, steps.ReductionCount));
            }
        }
        for (int r = 0; r < _stepRuns.Length; r++)
        {
            var run = _stepRuns[r];
            if (run.Steps.ReductionPasses > 0) run.Steps.Check(run.Length, TotalsOf(r));
        }
    }

    private bool AnyRunNeeds(int pass)
    {
        foreach (var run in _stepRuns)
            if (run.Steps.ReductionPasses >= pass && run.Steps.NeedsPass(pass)) return true;
        return false;
    }

    // Computes one pass over the chunks of one batch, each into its own partials.
    private void ReduceBatch(int batch, int pass)
    {
        var (start, end) = _stepPartition.Batch(batch);
        WorkItem[] items = _stepPartition.Items;
        KernelPath path = KernelPath;
        for (int i = start; i < end; i++)
        {
            WorkItem item = items[i];
            StepRun<T> run = _stepRuns[item.Source];
            int count = run.Steps.ReductionCount;
            if (run.Steps.ReductionPasses < pass || !run.Steps.NeedsPass(pass)) continue;
            run.Slice(item, out var p, out var g, out var state);
            run.Steps.Reduce(pass, p, g, new InputSpans<T>(run.Inputs).Slice(item.Start, item.Length), state,
                run.Length,
                _reductionTotals.AsSpan(item.Source * _reductionSlots, count),
                _reductionPartials.AsSpan(i * _reductionSlots, count), path);
        }
    }
}
