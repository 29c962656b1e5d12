using SimdOpt.Kernels;

namespace SimdOpt.Training;

// The reduction passes of a step (LAMB's norms, StableAdamW's RMS) over the step runs (StepReductions): every chunk of
// every run whose optimizer has one computes its partials on any thread, in place.
public sealed partial class Optimizer<T>
{
    private readonly StepReductions<T> _reductions = new();

    private ReadOnlySpan<double> TotalsOf(int run) => _reductions.TotalsOf(run, _stepRuns[run].Steps);

    private void ReduceRuns() => _reductions.Run(this, _stepRuns, _stepPartition, MaxDegreeOfParallelism, ReduceItem);

    private static void ReduceItem(Optimizer<T> optimizer, int index, int pass, ReadOnlySpan<double> totals,
        Span<double> partials)
    {
        WorkItem item = optimizer._stepPartition.Items[index];
        StepRun<T> run = optimizer._stepRuns[item.Source];
        run.Slice(item, out var p, out var g, out var state);
        run.Steps.Reduce(pass, p, g, new InputSpans<T>(run.Inputs).Slice(item.Start, item.Length), state, run.Length,
            totals, partials, optimizer.KernelPath);
    }
}
