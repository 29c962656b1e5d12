using SimdOpt.Kernels;

namespace SimdOpt.Training;

// The reduction passes of a step (LAMB's norms) over the stored tensors, as Optimizer<T> takes them (StepReductions):
// every chunk of every tensor computes its partials on any thread, staged whole.
public sealed partial class LowPrecisionOptimizer
{
    private readonly StepReductions<float> _reductions = new();

    private ReadOnlySpan<double> TotalsOf(int tensor) => _reductions.TotalsOf(tensor, _tensors[tensor].Steps);

    private void ReduceTensors() => _reductions.Run(this, _tensors, _partition, MaxDegreeOfParallelism, ReduceItem);

    private static void ReduceItem(LowPrecisionOptimizer optimizer, int index, int pass, ReadOnlySpan<double> totals,
        Span<double> partials)
    {
        WorkItem item = optimizer._partition.Items[index];
        StagedStep.Reduce(optimizer._tensors[item.Source], pass, item.Start, item.Length, totals, partials,
            optimizer.KernelPath);
    }
}
