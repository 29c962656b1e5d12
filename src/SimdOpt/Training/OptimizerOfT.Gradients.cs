using System.Numerics;

namespace SimdOpt.Training;

// The gradient passes of clipping and loss scaling: the same work items and threads as a step. A reduction keeps one
// partial result per work item and combines them in item order, so its bits do not depend on the thread count.
public sealed partial class Optimizer<T>
{
    private readonly Action<int> _sumOfSquaresBatch, _maxAbsBatch, _scaleBatch, _clampBatch, _unscaleBatch;
    private double[] _partials = [];
    private T _operand;
    private int _nonFinite;

    internal override double GradientSumOfSquares()
    {
        var partials = ComputePartials(_sumOfSquaresBatch);
        double sum = 0;
        foreach (double partial in partials) sum += partial;
        return sum;
    }

    internal override double GradientMaxAbs()
    {
        var partials = ComputePartials(_maxAbsBatch);
        double max = 0;
        foreach (double partial in partials) max = Math.Max(max, partial);
        return max;
    }

    internal override void ScaleGradients(double factor)
    {
        _operand = T.CreateTruncating(factor);
        _partition.ForEachBatch(MaxDegreeOfParallelism, _scaleBatch);
    }

    internal override void ClampGradients(double limit)
    {
        _operand = T.CreateTruncating(limit);
        _partition.ForEachBatch(MaxDegreeOfParallelism, _clampBatch);
    }

    internal override bool UnscaleGradients(double inverseScale)
    {
        _operand = T.CreateTruncating(inverseScale);
        _nonFinite = 0;
        _partition.ForEachBatch(MaxDegreeOfParallelism, _unscaleBatch);
        return _nonFinite != 0;
    }

    private ReadOnlySpan<double> ComputePartials(Action<int> batch)
    {
        int count = _partition.Items.Length;
        if (_partials.Length != count) _partials = new double[count];
        _partition.ForEachBatch(MaxDegreeOfParallelism, batch);
        return _partials;
    }

    private Span<T> Gradient(in WorkItem item) => _tensors[item.Tensor].Gradient.Span.Slice(item.Start, item.Length);

    private void SumOfSquaresBatch(int batch)
    {
        var (start, end) = _partition.Batch(batch);
        for (int i = start; i < end; i++) _partials[i] = GradientKernels.SumOfSquares<T>(Gradient(_partition.Items[i]), KernelPath);
    }

    private void MaxAbsBatch(int batch)
    {
        var (start, end) = _partition.Batch(batch);
        for (int i = start; i < end; i++) _partials[i] = GradientKernels.MaxAbs<T>(Gradient(_partition.Items[i]), KernelPath);
    }

    private void ScaleBatch(int batch)
    {
        var (start, end) = _partition.Batch(batch);
        for (int i = start; i < end; i++) GradientKernels.Scale(Gradient(_partition.Items[i]), _operand, KernelPath);
    }

    private void ClampBatch(int batch)
    {
        var (start, end) = _partition.Batch(batch);
        for (int i = start; i < end; i++) GradientKernels.Clamp(Gradient(_partition.Items[i]), _operand, KernelPath);
    }

    private void UnscaleBatch(int batch)
    {
        var (start, end) = _partition.Batch(batch);
        bool nonFinite = false;
        for (int i = start; i < end; i++) nonFinite |= GradientKernels.UnscaleAndFindNonFinite(Gradient(_partition.Items[i]), _operand, KernelPath);
        if (nonFinite) Volatile.Write(ref _nonFinite, 1);
    }
}
