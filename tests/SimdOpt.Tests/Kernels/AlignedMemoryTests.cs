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

    [Fact]
    public void Large_buffers_allocated_one_after_another_start_at_different_offsets_in_their_pages()
    {
        // 1 MiB each, above the threshold; the garbage collector alone would start all of them at one offset. Other
        // tests allocate at the same time, so only the offsets' form is certain here, not their order (next test).
        var offsets = Enumerable.Range(0, 4).Select(_ => PageOffset(AlignedMemory.Allocate<float>(1 << 18))).ToArray();
        Assert.All(offsets, o => Assert.Equal(0, o % AlignedMemory.StaggerBytes));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(37)]
    public void A_buffer_at_a_position_starts_that_many_staggers_into_its_page(int position)
    {
        var floats = AlignedMemory.AllocateAt<float>(1 << 18, position);
        var bytes = AlignedMemory.AllocateAt<byte>(1 << 20, position);
        long expected = position % AlignedMemory.Positions * AlignedMemory.StaggerBytes;
        Assert.Equal((expected, expected), (PageOffset(floats), PageOffset(bytes)));
        Assert.Equal((1 << 18, 1 << 20), (floats.Count, bytes.Count));
    }

    [Fact]
    public void The_buffers_of_a_large_block_are_a_stagger_apart_and_small_buffers_are_not_padded()
    {
        int length = 1 << 20;
        int stride = AlignedMemory.Stride<float>(length, 3);
        Assert.Equal(AlignedMemory.StaggerBytes, stride * sizeof(float) % AlignedMemory.PageBytes);
        Assert.InRange(stride - length, 0, AlignedMemory.PageBytes / sizeof(float));
        // Below 64 KiB a buffer is rounded to whole lines only.
        Assert.Equal((48, 16384), (AlignedMemory.Stride<float>(37, 3), AlignedMemory.Stride<float>(16383, 3)));
        Assert.Equal(16384 + 64, AlignedMemory.Stride<float>(16384, 3));
    }

    [Fact]
    public unsafe void A_staggered_state_block_keeps_every_buffer_of_an_optimizer_state_apart_in_its_page()
    {
        var state = new OptimizerState<float>(new AdamW { Amsgrad = true }, 1 << 18);
        var offsets = new List<long>();
        for (int k = 0; k < state.Spans.Count; k++)
            fixed (float* first = state.Buffer(k)) offsets.Add((long)first % AlignedMemory.PageBytes);
        for (int k = 1; k < offsets.Count; k++)
            Assert.Equal(AlignedMemory.StaggerBytes, (offsets[k] - offsets[k - 1] + 4096) % 4096);
    }

    private static unsafe long PageOffset<T>(ArraySegment<T> buffer) where T : unmanaged
    {
        fixed (T* first = buffer.AsSpan()) return (long)first % AlignedMemory.PageBytes;
    }
}
