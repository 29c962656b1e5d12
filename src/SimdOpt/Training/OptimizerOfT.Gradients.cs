using System.Numerics;

namespace SimdOpt.Training;

// The gradient passes of clipping and loss scaling: the same work items and threads as a step. A reduction keeps one
// partial result per work item and combines them in item order, so its bits do not depend on the thread count. Each
// pass hands its operand to the batches as an argument, so nothing of one call is left in a field for the next.
public sealed partial class Optimizer<T>
{
    private double[] _partials = [];

    internal override double GradientSumOfSquares()
    {
        using var call = BeginExclusiveCall();
        double sum = 0;
        foreach (double partial in ComputePartials(static (optimizer, item) =>
            GradientKernels.SumOfSquares<T>(optimizer.Gradient(item), optimizer.KernelPath)))
            sum += partial;
        return sum;
    }

    internal override double GradientMaxAbs()
    {
        using var call = BeginExclusiveCall();
        double max = 0;
        foreach (double partial in ComputePartials(static (optimizer, item) =>
            GradientKernels.MaxAbs<T>(optimizer.Gradient(item), optimizer.KernelPath)))
            max = Math.Max(max, partial);
        return max;
    }

    internal override void ScaleGradients(double factor)
    {
        using var call = BeginExclusiveCall();
        _partition.ForEachBatch(MaxDegreeOfParallelism,
            (Optimizer: this, Factor: T.CreateTruncating(factor)), static (pass, batch) =>
        {
            var (start, end) = pass.Optimizer._partition.Batch(batch);
            for (int i = start; i < end; i++)
                GradientKernels.Scale(pass.Optimizer.Gradient(i), pass.Factor, pass.Optimizer.KernelPath);
        });
    }

    internal override void ClampGradients(double limit)
    {
        using var call = BeginExclusiveCall();
        _partition.ForEachBatch(MaxDegreeOfParallelism,
            (Optimizer: this, Limit: T.CreateTruncating(limit)), static (pass, batch) =>
        {
            var (start, end) = pass.Optimizer._partition.Batch(batch);
            for (int i = start; i < end; i++)
                GradientKernels.Clamp(pass.Optimizer.Gradient(i), pass.Limit, pass.Optimizer.KernelPath);
        });
    }

    internal override bool UnscaleGradients(double inverseScale)
    {
        using var call = BeginExclusiveCall();
        T factor = T.CreateTruncating(inverseScale);
        // One partial per item: 1 when the item held an infinite or NaN element before unscaling.
        var partials = ComputePartials((Optimizer: this, Factor: factor), static (pass, item) =>
            GradientKernels.UnscaleAndFindNonFinite(pass.Optimizer.Gradient(item), pass.Factor,
                pass.Optimizer.KernelPath) ? 1 : 0);
        foreach (double partial in partials)
            if (partial != 0) return true;
        return false;
    }

    private ReadOnlySpan<double> ComputePartials(Func<Optimizer<T>, int, double> itemPass) =>
        ComputePartials(this, itemPass);

    // Runs itemPass on every work item, in batches over the threads, keeping each item's result.
    private ReadOnlySpan<double> ComputePartials<TContext>(TContext context, Func<TContext, int, double> itemPass)
    {
        int count = _partition.Items.Length;
        if (_partials.Length != count) _partials = new double[count];
        _partition.ForEachBatch(MaxDegreeOfParallelism,
            (Optimizer: this, Context: context, ItemPass: itemPass), static (pass, batch) =>
        {
            var (start, end) = pass.Optimizer._partition.Batch(batch);
            for (int i = start; i < end; i++) pass.Optimizer._partials[i] = pass.ItemPass(pass.Context, i);
        });
        return _partials;
    }

    // The gradient elements of work item i.
    private Span<T> Gradient(int i)
    {
        WorkItem item = _partition.Items[i];
        return _tensors[item.Source].Gradient.Span.Slice(item.Start, item.Length);
    }
}
