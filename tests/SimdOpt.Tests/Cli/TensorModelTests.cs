using System.Runtime.InteropServices;
using SimdOpt.Cli.Bench;
using SimdOpt.Training;

namespace SimdOpt.Tests.Cli;

/// <summary>The models <c>bench --tensors</c> steps: the same seeded numbers in each memory, in arrays of their own or
/// in one buffer.</summary>
public class TensorModelTests
{
    private static readonly TensorLayout Layout = new(5, 100);

    [Fact]
    public void Every_memory_holds_the_same_numbers_in_range()
    {
        var own = TensorModel.Create(Layout, TensorMemory.OwnArrays, seed: 7);
        var buffer = TensorModel.Create(Layout, TensorMemory.OneBuffer, seed: 7);
        Assert.Equal(5, own.Length);
        Assert.Equal(5, buffer.Length);
        for (int i = 0; i < own.Length; i++)
        {
            Assert.Equal(100, own[i].Length);
            Assert.Equal(own[i].Value.ToArray(), buffer[i].Value.ToArray());
            Assert.Equal(own[i].Gradient.ToArray(), buffer[i].Gradient.ToArray());
            Assert.All(own[i].Value.ToArray(), v => Assert.InRange(v, -1f, 1f));
            Assert.All(own[i].Gradient.ToArray(), g => Assert.InRange(MathF.Abs(g), 0.005f * 0.999f, 0.015f * 1.001f));
        }
        Assert.NotEqual(own[0].Value.ToArray(), TensorModel.Create(Layout, TensorMemory.OwnArrays, seed: 8)[0].Value.ToArray());
    }

    [Fact]
    public void Own_arrays_are_whole_arrays_and_one_buffer_is_one_array_end_to_end()
    {
        var own = TensorModel.Create(Layout, TensorMemory.OwnArrays, seed: 1);
        var arrays = own.SelectMany(p => new[] { Array(p.Value), Array(p.Gradient) }).ToArray();
        Assert.Equal(10, arrays.Select(a => a.Array).Distinct().Count());
        Assert.All(arrays, a => Assert.Equal((0, 100), (a.Offset, a.Array!.Length)));

        var buffer = TensorModel.Create(Layout, TensorMemory.OneBuffer, seed: 1);
        Assert.Single(buffer.Select(p => Array(p.Value).Array).Distinct());
        Assert.Single(buffer.Select(p => Array(p.Gradient).Array).Distinct());
        int first = Array(buffer[0].Value).Offset;
        Assert.Equal([0, 100, 200, 300, 400], buffer.Select(p => Array(p.Value).Offset - first));
    }

    [Fact]
    public void A_single_tensor_is_timed_in_one_array_several_in_own_arrays_and_one_buffer()
    {
        Assert.Equal([TensorMemory.OneArray], TensorMemoryLabels.For(new TensorLayout(1, 1 << 20)));
        Assert.Equal([TensorMemory.OwnArrays, TensorMemory.OneBuffer], TensorMemoryLabels.For(new TensorLayout(1000, 1024)));
        Assert.Equal(["one array", "own arrays", "one buffer"], Enum.GetValues<TensorMemory>().Select(m => m.Label()));
        var single = Assert.Single(TensorModel.Create(new TensorLayout(1, 64), TensorMemory.OneArray, seed: 1));
        Assert.Equal(64, single.Length);
    }

    private static ArraySegment<float> Array(Memory<float> memory) =>
        MemoryMarshal.TryGetArray<float>(memory, out var segment) ? segment : throw new InvalidOperationException("Not an array.");
}
