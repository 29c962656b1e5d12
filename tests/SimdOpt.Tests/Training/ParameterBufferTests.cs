using System.Runtime.InteropServices;
using SimdOpt.Kernels;
using SimdOpt.Optimizers;
using SimdOpt.Training;

namespace SimdOpt.Tests.Training;

public class ParameterBufferTests
{
    [Fact]
    public void Tensors_are_consecutive_slices_of_one_values_and_one_gradients_array()
    {
        var buffer = new ParameterBuffer<float>([3, 0, 5]);
        Assert.Equal(3, buffer.Count);
        Assert.Equal(8, buffer.Values.Length);
        Assert.Equal(8, buffer.Gradients.Length);
        Assert.Equal([3, 0, 5], buffer.Parameters.Select(p => p.Length));
        Assert.True(MemoryMarshal.TryGetArray<float>(buffer.Values, out var values));
        Assert.True(MemoryMarshal.TryGetArray<float>(buffer.Gradients, out var gradients));
        int start = 0;
        for (int i = 0; i < buffer.Count; i++)
        {
            Assert.True(MemoryMarshal.TryGetArray<float>(buffer[i].Value, out var value));
            Assert.True(MemoryMarshal.TryGetArray<float>(buffer[i].Gradient, out var gradient));
            Assert.Same(values.Array, value.Array);
            Assert.Same(gradients.Array, gradient.Array);
            Assert.Equal(values.Offset + start, value.Offset);
            Assert.Equal(gradients.Offset + start, gradient.Offset);
            start += buffer[i].Length;
        }
        Assert.All(buffer.Values.ToArray(), x => Assert.Equal(0f, x));
    }

    [Fact]
    public unsafe void Values_and_gradients_start_on_a_cache_line_and_stay_there_through_a_compacting_collection()
    {
        var buffer = new ParameterBuffer<float>([3, 0, 5]);
        for (int round = 0; round < 3; round++)
        {
            foreach (var memory in new[] { buffer.Values, buffer.Gradients })
                fixed (float* first = memory.Span) Assert.Equal(0, (long)first % AlignedMemory.Alignment);
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        }
    }

    [Fact]
    public void Writing_a_tensor_writes_its_slice_of_the_buffer()
    {
        var buffer = new ParameterBuffer<double>([2, 3]);
        buffer[1].Value.Span.Fill(7);
        buffer[0].Gradient.Span[1] = -1;
        Assert.Equal([0.0, 0, 7, 7, 7], buffer.Values.ToArray());
        Assert.Equal([0.0, -1, 0, 0, 0], buffer.Gradients.ToArray());
    }

    [Fact]
    public void An_optimizer_steps_the_whole_buffer_as_one_run()
    {
        var buffer = new ParameterBuffer<float>(Enumerable.Repeat(1024, 1000));
        var optimizer = new Optimizer<float>(new AdamW(), buffer.Parameters);
        var run = Assert.Single(optimizer.StepRuns);
        Assert.Equal((1000, 1024 * 1000), (run.TensorCount, run.Length));
    }

    [Fact]
    public void A_negative_length_is_refused_with_its_position()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new ParameterBuffer<float>([4, -1]));
        Assert.Equal("lengths", e.ParamName);
        Assert.Contains("Tensor 1 has a negative length, -1.", e.Message);
    }

    [Fact]
    public void Lengths_that_do_not_fit_in_one_array_are_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new ParameterBuffer<float>([int.MaxValue, int.MaxValue]));
        Assert.Equal("lengths", e.ParamName);
        Assert.Contains("more than one array can", e.Message);
    }

    [Fact]
    public void Null_lengths_are_refused() =>
        Assert.Equal("lengths", Assert.Throws<ArgumentNullException>(() => new ParameterBuffer<float>(null!)).ParamName);

    [Theory]
    [InlineData(-1)]
    [InlineData(2)]
    public void An_index_outside_the_buffer_is_refused(int index)
    {
        var buffer = new ParameterBuffer<float>([1, 1]);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => buffer[index]);
        Assert.Equal("index", e.ParamName);
        Assert.Contains("the buffer holds 2", e.Message);
    }
}
