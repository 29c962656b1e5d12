using System.Buffers;
using SimdOpt.Precision;

namespace SimdOpt.Training;

// The gradient passes of clipping and loss scaling over gradients in any storage: tensor by tensor, a work item at a
// time (a chunk of the deterministic reduction), a low-precision item widened whole into float32 scratch, so a norm
// has the bits of float32 gradients holding the same values; a pass that rewrites the gradient narrows it back.
public sealed partial class LowPrecisionOptimizer
{
    private double[] _partials = [];

    internal override double GradientSumOfSquares()
    {
        using var call = BeginExclusiveCall();
        double sum = 0;
        foreach (double partial in ComputePartials(0f, writes: false,
            static (_, g, path) => GradientKernels.SumOfSquares<float>(g, path)))
            sum += partial;
        return sum;
    }

    internal override double GradientMaxAbs()
    {
        using var call = BeginExclusiveCall();
        double max = 0;
        foreach (double partial in ComputePartials(0f, writes: false,
            static (_, g, path) => GradientKernels.MaxAbs<float>(g, path)))
            max = Math.Max(max, partial);
        return max;
    }

    internal override void ScaleGradients(double factor)
    {
        using var call = BeginExclusiveCall();
        ComputePartials((float)factor, writes: true, static (f, g, path) =>
        {
            GradientKernels.Scale(g, f, path);
            return 0;
        });
    }

    internal override void ClampGradients(double limit)
    {
        using var call = BeginExclusiveCall();
        ComputePartials((float)limit, writes: true, static (l, g, path) =>
        {
            GradientKernels.Clamp(g, l, path);
            return 0;
        });
    }

    internal override bool UnscaleGradients(double inverseScale)
    {
        using var call = BeginExclusiveCall();
        var partials = ComputePartials((float)inverseScale, writes: true,
            static (f, g, path) => GradientKernels.UnscaleAndFindNonFinite(g, f, path) ? 1 : 0);
        foreach (double partial in partials)
            if (partial != 0) return true;
        return false;
    }

    // Runs itemPass on the float32 gradient of every work item, in batches over the threads, keeping each item's
    // result; a low-precision gradient is widened first and, when the pass writes, narrowed back.
    private ReadOnlySpan<double> ComputePartials(float operand, bool writes,
        Func<float, Span<float>, Kernels.KernelPath, double> itemPass)
    {
        int count = _partition.Items.Length;
        if (_partials.Length != count) _partials = new double[count];
        _partition.ForEachBatch(MaxDegreeOfParallelism, (Optimizer: this, Operand: operand, Writes: writes,
            ItemPass: itemPass), static (pass, batch) =>
        {
            var optimizer = pass.Optimizer;
            var (start, end) = optimizer._partition.Batch(batch);
            for (int i = start; i < end; i++)
            {
                WorkItem item = optimizer._partition.Items[i];
                var gradient = optimizer._tensors[item.Source].Gradient;
                var path = optimizer.KernelPath;
                if (gradient.Kind == StorageKind.Float32)
                {
                    optimizer._partials[i] = pass.ItemPass(pass.Operand,
                        gradient.Float32.Slice(item.Start, item.Length), path);
                    continue;
                }
                float[] scratch = ArrayPool<float>.Shared.Rent(item.Length);
                try
                {
                    var g = scratch.AsSpan(0, item.Length);
                    gradient.Widen(item.Start, g, path);
                    optimizer._partials[i] = pass.ItemPass(pass.Operand, g, path);
                    if (pass.Writes) gradient.Narrow(g, item.Start, path);
                }
                finally
                {
                    ArrayPool<float>.Shared.Return(scratch);
                }
            }
        });
        return _partials;
    }
}
