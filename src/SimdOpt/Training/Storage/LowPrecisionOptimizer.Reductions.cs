namespace SimdOpt.Training;

// The reduction passes of a step (LAMB's norms), as Optimizer<T> takes them: every chunk of every tensor computes its
// partials on any thread, staged whole, then each tensor adds its chunks' partials in chunk order; every check runs
// before anything is written.
public sealed partial class LowPrecisionOptimizer
{
    private double[] _reductionPartials = [];
    private double[] _reductionTotals = [];
    private int _reductionSlots;

    private ReadOnlySpan<double> TotalsOf(int tensor) => _reductionSlots == 0
        ? default
        : _reductionTotals.AsSpan(tensor * _reductionSlots, _tensors[tensor].Steps.ReductionCount);

    private void ReduceTensors()
    {
        int passes = 0, slots = 0;
        foreach (var tensor in _tensors)
        {
            passes = Math.Max(passes, tensor.Steps.ReductionPasses);
            slots = Math.Max(slots, tensor.Steps.ReductionCount);
        }
        _reductionSlots = slots;
        if (passes == 0) return;
        if (_reductionTotals.Length != _tensors.Length * slots) _reductionTotals = new double[_tensors.Length * slots];
        if (_reductionPartials.Length != _partition.Items.Length * slots)
            _reductionPartials = new double[_partition.Items.Length * slots];
        Array.Clear(_reductionTotals);
        WorkItem[] items = _partition.Items;
        for (int pass = 1; pass <= passes; pass++)
        {
            // A pass whose results the flags leave unused by every tensor is not taken (its totals stay 0).
            if (!AnyTensorNeeds(pass)) continue;
            _partition.ForEachBatch(MaxDegreeOfParallelism, (Optimizer: this, Pass: pass),
                static (context, batch) => context.Optimizer.ReduceBatch(batch, context.Pass));
            for (int i = 0; i < items.Length; i++)
            {
                var steps = _tensors[items[i].Source].Steps;
                if (steps.ReductionPasses >= pass && steps.NeedsPass(pass))
                    steps.Combine(pass, _reductionPartials.AsSpan(i * slots, steps.ReductionCount),
                        _reductionTotals.AsSpan(items[i].Source * slots, steps.ReductionCount));
            }
        }
        for (int t = 0; t < _tensors.Length; t++)
            if (_tensors[t].Steps.ReductionPasses > 0) _tensors[t].Steps.Check(_tensors[t].Length, TotalsOf(t));
    }

    private bool AnyTensorNeeds(int pass)
    {
        foreach (var tensor in _tensors)
            if (tensor.Steps.ReductionPasses >= pass && tensor.Steps.NeedsPass(pass)) return true;
        return false;
    }

    private void ReduceBatch(int batch, int pass)
    {
        var (start, end) = _partition.Batch(batch);
        WorkItem[] items = _partition.Items;
        for (int i = start; i < end; i++)
        {
            WorkItem item = items[i];
            var tensor = _tensors[item.Source];
            int count = tensor.Steps.ReductionCount;
            if (tensor.Steps.ReductionPasses < pass || !tensor.Steps.NeedsPass(pass)) continue;
            StagedStep.Reduce(tensor, pass, item.Start, item.Length,
                _reductionTotals.AsSpan(item.Source * _reductionSlots, count),
                _reductionPartials.AsSpan(i * _reductionSlots, count), KernelPath);
        }
    }
}
