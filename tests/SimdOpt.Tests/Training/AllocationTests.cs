using SimdOpt.Kernels;
using SimdOpt.Optimizers;
using SimdOpt.Training;

namespace SimdOpt.Tests.Training;

/// <summary>
/// The step path allocates nothing per call on one thread: <see cref="OptimizerState{T}.Step"/>,
/// <see cref="Optimizer.Step"/> and the gradient passes (a closure made on every call, needed only by the
/// multi-threaded path, once cost 32 bytes per step).
/// </summary>
public sealed class AllocationTests
{
    [Fact]
    public void Steps_and_gradient_passes_allocate_nothing_on_one_thread()
    {
        float[] p = new float[300], g = new float[300];
        Array.Fill(g, 0.5f);
        var optimizer = new Optimizer<float>(new AdamW(), [new(p.AsMemory(0, 200), g.AsMemory(0, 200)), new(new float[100], new float[100])])
        {
            MaxDegreeOfParallelism = 1,
        };
        var state = new OptimizerState<float>(new NAdam(), 64);
        float[] q = new float[64], h = new float[64];
        void Calls()
        {
            optimizer.Step();
            state.Step(q, h);
            GradientClipping.ClipGradNorm(optimizer, 1e6);
            GradientClipping.ClipGradValue(optimizer, 1e6);
        }
        for (int i = 0; i < 50; i++) Calls();

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 50; i++) Calls();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
