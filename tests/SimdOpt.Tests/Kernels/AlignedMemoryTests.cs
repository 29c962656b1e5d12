using SimdOpt.Kernels;
using SimdOpt.Optimizers;
using SimdOpt.Training;

namespace SimdOpt.Tests.Kernels;

public class AlignedMemoryTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(4099)]
    public unsafe void Allocate_gives_zeroed_elements_from_a_64_byte_boundary_in_a_pinned_array(int length)
    {
        var floats = AlignedMemory.Allocate<float>(length);
        var doubles = AlignedMemory.Allocate<double>(length);
        var halves = AlignedMemory.Allocate<Half>(length);
        Assert.Equal((length, length, length), (floats.Count, doubles.Count, halves.Count));
        Assert.All(floats, x => Assert.Equal(0f, x));
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        fixed (float* f = floats.Array) Assert.Equal(0, (long)(f + floats.Offset) % 64);
        fixed (double* d = doubles.Array) Assert.Equal(0, (long)(d + doubles.Offset) % 64);
        fixed (Half* h = halves.Array) Assert.Equal(0, (long)(h + halves.Offset) % 64);
    }

    [Fact]
    public void Allocate_refuses_a_negative_length()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => AlignedMemory.Allocate<float>(-1));
        Assert.Equal("length", error.ParamName);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(37)]
    [InlineData(1024)]
    public unsafe void Every_state_buffer_of_an_optimizer_state_starts_on_a_cache_line(int length)
    {
        var state = new OptimizerState<float>(new AdamW { Amsgrad = true }, length);
        for (int k = 0; k < state.Spans.Count; k++)
            fixed (float* first = state.Buffer(k)) Assert.Equal(0, (long)first % 64);
    }

    [Fact]
    public unsafe void Every_state_buffer_of_the_training_runtime_starts_on_a_cache_line()
    {
        // Two tensors of 37 and 5 elements share one block: the first tensor's buffers start on a line; the second's
        // follow its neighbour's directly, so a step over both streams through each buffer without a gap.
        var buffer = new ParameterBuffer<float>([37, 5]);
        var optimizer = new Optimizer<float>(new AdamW { Amsgrad = true }, buffer.Parameters);
        foreach (var name in new[] { "exp_avg", "exp_avg_sq", "max_exp_avg_sq" })
            fixed (float* start = optimizer.GetState(0, 0, name)) Assert.Equal(0, (long)start % 64);
        fixed (float* a = optimizer.GetState(0, 0, "exp_avg")) fixed (float* b = optimizer.GetState(0, 1, "exp_avg"))
            Assert.Equal(37, b - a);
    }
}
