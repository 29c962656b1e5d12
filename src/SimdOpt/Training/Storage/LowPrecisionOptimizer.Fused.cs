using SimdOpt.Kernels;

namespace SimdOpt.Training;

// The fused step and the train/eval switch over stored tensors: the same read-only gradient pass as Optimizer<float>'s
// (float32 gradients in place, low-precision ones widened item by item), then one staged step whose kernels multiply
// every gradient by the clip coefficient over the loss scale as they load it.
public sealed partial class LowPrecisionOptimizer
{
    private protected override double RoundToElement(double value) => (float)value;

    private protected override GradientCheck CheckUnderCall(double factor) => Check((float)factor);

    // Optimizers with a train/eval switch are refused at construction, so a switch here only changes the mode.
    private protected override void EnterMode(OptimizerMode mode)
    {
        using var call = BeginExclusiveCall();
        Mode = mode;
    }

    private GradientCheck Check(float factor)
    {
        double[] chunks = ComputePartials(factor, writes: false,
            static (f, g, path) => GradientKernels.SumOfSquares<float>(g, f, path)).ToArray();
        var groups = new double[Groups.Count];
        WorkItem[] items = _partition.Items;
        bool anyNonFiniteSum = false;
        for (int i = 0; i < chunks.Length; i++)
        {
            groups[_tensors[items[i].Source].Group] += chunks[i];
            anyNonFiniteSum |= !double.IsFinite(chunks[i]);
        }
        // A sum of finite doubles can overflow; only then are the elements read again, for a non-finite one.
        bool foundNonFinite = false;
        if (anyNonFiniteSum)
            foreach (double found in ComputePartials(factor, writes: false,
                static (f, g, path) => GradientKernels.FindNonFinite<float>(g, f, path) ? 1 : 0))
                foundNonFinite |= found != 0;
        return new GradientCheck(chunks, groups, GradientCheck.Combine(chunks), foundNonFinite);
    }
}
