using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SimdOpt.Optimizers;
using SimdOpt.Training;

namespace SimdOpt.Tests.Training;

public class StateLayoutTests
{
    [Fact]
    public void Consecutive_tensors_share_a_block_until_it_is_full()
    {
        const int full = StateLayout.BlockLength;
        var blocks = StateLayout.Pack([10, 20, full - 30, 1, full + 5, 0, 7], stateCount: 3);
        Assert.Equal(
            [new StateBlock(0, 3, full), new StateBlock(3, 1, 1), new StateBlock(4, 1, full + 5), new StateBlock(5, 2, 7)],
            blocks);
    }

    [Fact]
    public void A_group_without_tensors_has_no_block() => Assert.Empty(StateLayout.Pack([], stateCount: 2));

    [Fact]
    public void Each_state_buffer_of_a_tensor_is_its_own_memory_and_runs_on_from_the_previous_tensors()
    {
        float[][] values = [new float[5], new float[70], new float[3]];
        var optimizer = new Optimizer<float>(new Adam(), values.Select(v => new Parameter<float>(v, new float[v.Length])));
        for (int i = 0; i < values.Length; i++)
        {
            Span<float> expAvg = optimizer.GetState(0, i, "exp_avg"), expAvgSq = optimizer.GetState(0, i, "exp_avg_sq");
            Assert.Equal(values[i].Length, expAvg.Length);
            Assert.False(expAvg.Overlaps(expAvgSq));
            expAvg.Fill(i + 1);
            expAvgSq.Fill(-(i + 1));
        }
        // Buffer by buffer: tensor 1's exp_avg starts where tensor 0's ends, and writing one tensor's buffers left the
        // others alone.
        Assert.True(Unsafe.AreSame(ref Unsafe.Add(ref MemoryMarshal.GetReference(optimizer.GetState(0, 0, "exp_avg")), 5), ref optimizer.GetState(0, 1, "exp_avg")[0]));
        for (int i = 0; i < values.Length; i++)
        {
            Assert.All(optimizer.GetState(0, i, "exp_avg").ToArray(), x => Assert.Equal(i + 1, x));
            Assert.All(optimizer.GetState(0, i, "exp_avg_sq").ToArray(), x => Assert.Equal(-(i + 1), x));
        }
    }
}
