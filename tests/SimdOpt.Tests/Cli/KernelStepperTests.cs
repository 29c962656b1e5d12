using SimdOpt.Cli.Bench;
using SimdOpt.Kernels;

namespace SimdOpt.Tests.Cli;

/// <summary>The benchmark's stepper: thread chunks on whole vectors, and the same bits as the optimizer's own
/// state.</summary>
public class KernelStepperTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(15, 2)]
    [InlineData(1000, 2)]
    [InlineData(1000, 3)]
    [InlineData(4096, 4)]
    [InlineData(17, 8)]
    [InlineData(64 * 7 + 5, 3)]
    public void Slices_cover_the_array_once_and_start_on_whole_vectors(int length, int parts)
    {
        var slices = WholeVectorSlices.Cut(length, parts);
        Assert.InRange(slices.Length, 1, parts);
        int next = 0;
        foreach (var (start, count) in slices)
        {
            Assert.Equal(next, start);
            Assert.Equal(0, start % WholeVectorSlices.Granule);
            Assert.True(count > 0 || length == 0);
            next = start + count;
        }
        Assert.Equal(length, next);
        // Nearly equal: the slices differ by at most one granule (the last may be shorter still).
        if (slices.Length > 1)
            Assert.InRange(slices[0].Length - slices[^2].Length, -WholeVectorSlices.Granule, WholeVectorSlices.Granule);
    }

    [Theory]
    [InlineData("adam", 1)]
    [InlineData("adam", 3)]
    [InlineData("nadam", 2)]
    [InlineData("rprop", 2)]
    [InlineData("adagrad", 1)]
    public void Stepping_equals_OptimizerState_bit_for_bit_on_any_thread_count(string name, int threads)
    {
        const int length = 1000;
        var optimizer = OptimizerRegistry.Get(name).Create();
        var buffers = new BenchBuffers(length, optimizer.Info.States.Count, seed: 7);
        var stepper = new KernelStepper(optimizer, buffers, length, threads);

        var p = buffers.Parameters.ToArray();
        var state = new OptimizerState<float>(optimizer, length);
        for (int step = 0; step < 3; step++)
        {
            stepper.Step(KernelPath.Auto);
            state.Step(p, buffers.Gradients);
        }
        Assert.Equal(p, buffers.Parameters.ToArray());
        int stride = buffers.StateStride(length);
        for (int k = 0; k < optimizer.Info.States.Count; k++)
            if (optimizer.IsStateActive(k))
                Assert.Equal(state.Buffer(k).ToArray(), buffers.StateBlock.AsSpan(k * stride, length).ToArray());
    }

    [Fact]
    public void Reset_restores_the_parameters_and_the_next_step_starts_the_state_anew()
    {
        var optimizer = OptimizerRegistry.Get("adagrad").Create();
        optimizer.SetHyperparameter("initial_accumulator_value", 0.5);
        var buffers = new BenchBuffers(100, 1, seed: 3);
        var start = buffers.Parameters.ToArray();
        var stepper = new KernelStepper(optimizer, buffers, 100, 1);
        stepper.Step(KernelPath.Scalar);
        Assert.NotEqual(start, buffers.Parameters.ToArray());
        float[] firstParameters = buffers.Parameters.ToArray(), firstState = buffers.StateBlock[..100].ToArray();
        stepper.Step(KernelPath.Scalar);

        stepper.Reset();
        Assert.Equal(start, buffers.Parameters.ToArray());
        stepper.Step(KernelPath.Scalar);
        Assert.Equal(firstParameters, buffers.Parameters.ToArray());
        Assert.Equal(firstState, buffers.StateBlock[..100].ToArray());
    }
}
