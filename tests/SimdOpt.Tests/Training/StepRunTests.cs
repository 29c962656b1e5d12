using System.Runtime.InteropServices;
using SimdOpt.Optimizers;
using SimdOpt.Training;

namespace SimdOpt.Tests.Training;

public class StepRunTests
{
    private static Parameter<float>[] Slices(float[] values, float[] gradients, params int[] lengths)
    {
        var parameters = new Parameter<float>[lengths.Length];
        for (int i = 0, start = 0; i < lengths.Length; start += lengths[i], i++)
            parameters[i] = new Parameter<float>(values.AsMemory(start, lengths[i]), gradients.AsMemory(start, lengths[i]));
        return parameters;
    }

    private static (int Tensors, int Length)[] Runs(Optimizer<float> optimizer) =>
        [.. optimizer.StepRuns.Select(r => (r.TensorCount, r.Length))];

    [Fact]
    public void Slices_of_one_values_array_and_one_gradients_array_are_one_run()
    {
        var optimizer = new Optimizer<float>(new Adam(), Slices(new float[1000], new float[1000], 100, 0, 400, 500));
        Assert.Equal([(4, 1000)], Runs(optimizer));
    }

    [Fact]
    public void Tensors_in_arrays_of_their_own_are_runs_of_one()
    {
        var optimizer = new Optimizer<float>(new Adam(), [new Parameter<float>(new float[10], new float[10]), new Parameter<float>(new float[20], new float[20])]);
        Assert.Equal([(1, 10), (1, 20)], Runs(optimizer));
    }

    [Fact]
    public void A_gap_in_the_values_or_the_gradients_ends_a_run()
    {
        float[] values = new float[100], gradients = new float[100];
        var optimizer = new Optimizer<float>(new Adam(),
        [
            new Parameter<float>(values.AsMemory(0, 10), gradients.AsMemory(0, 10)),
            new Parameter<float>(values.AsMemory(11, 10), gradients.AsMemory(10, 10)),   // values skip an element
            new Parameter<float>(values.AsMemory(21, 10), gradients.AsMemory(20, 10)),   // continues the second
            new Parameter<float>(values.AsMemory(31, 10), gradients.AsMemory(40, 10)),   // gradients skip ten
        ]);
        Assert.Equal([(1, 10), (2, 20), (1, 10)], Runs(optimizer));
    }

    [Fact]
    public void Tensors_in_reverse_order_of_memory_are_not_joined()
    {
        float[] values = new float[20], gradients = new float[20];
        var optimizer = new Optimizer<float>(new Adam(),
            [new Parameter<float>(values.AsMemory(10, 10), gradients.AsMemory(10, 10)), new Parameter<float>(values.AsMemory(0, 10), gradients.AsMemory(0, 10))]);
        Assert.Equal([(1, 10), (1, 10)], Runs(optimizer));
    }

    [Fact]
    public void Groups_are_never_joined_even_when_their_memory_is()
    {
        float[] values = new float[30], gradients = new float[30];
        var parameters = Slices(values, gradients, 10, 10, 10);
        var optimizer = new Optimizer<float>(new Adam(), parameters[..2]);
        optimizer.AddGroup(parameters[2..]);
        Assert.Equal([(2, 20), (1, 10)], Runs(optimizer));
    }

    [Fact]
    public void A_run_ends_where_the_state_block_does()
    {
        // Two tensors, side by side in memory, too long to share one state block.
        int length = StateLayout.BlockLength - 10;
        var optimizer = new Optimizer<float>(new Sgd(), Slices(new float[length + 20], new float[length + 20], length, 20));
        Assert.Equal([(1, length), (1, 20)], Runs(optimizer));
    }

    [Fact]
    public unsafe void Neighbouring_native_memory_is_one_run_and_separate_native_memory_is_not()
    {
        float* values = (float*)NativeMemory.AllocZeroed(64, sizeof(float));
        float* gradients = (float*)NativeMemory.AllocZeroed(64, sizeof(float));
        try
        {
            var joined = new Optimizer<float>(new Adam(),
                [Parameter<float>.FromPointers(values, gradients, 16), Parameter<float>.FromPointers(values + 16, gradients + 16, 48)]);
            Assert.Equal([(2, 64)], Runs(joined));
            var apart = new Optimizer<float>(new Adam(),
                [Parameter<float>.FromPointers(values, gradients, 16), Parameter<float>.FromPointers(values + 17, gradients + 16, 47)]);
            Assert.Equal([(1, 16), (1, 47)], Runs(apart));
        }
        finally
        {
            NativeMemory.Free(values);
            NativeMemory.Free(gradients);
        }
    }

    [Theory]
    [InlineData("adamw+amsgrad")]
    [InlineData("adagrad")]
    [InlineData("nadam")]
    [InlineData("rprop")]
    public void Tensors_in_one_block_step_to_the_bits_of_the_same_tensors_in_arrays_of_their_own(string name)
    {
        int[] lengths = [3, 0, 64, 1000, 2 * WorkPartition.ChunkLength + 77, 5];
        int total = lengths.Sum();
        var fixture = new TrainingFixture<float>(seed: 7, lengths);
        float[] values = [.. fixture.Values.SelectMany(v => v)], gradients = new float[total];
        var apart = new Optimizer<float>(Configurations.Create(name), fixture.Parameters()) { MaxDegreeOfParallelism = 2 };
        var together = new Optimizer<float>(Configurations.Create(name), Slices(values, gradients, lengths)) { MaxDegreeOfParallelism = 2 };
        Assert.Single(together.StepRuns);

        for (int step = 0; step < 3; step++)
        {
            fixture.ComputeGradients(step);
            fixture.Gradients.SelectMany(g => g).ToArray().CopyTo(gradients, 0);
            apart.Step();
            together.Step();
        }

        Bitwise.Equal<float>(fixture.Values.SelectMany(v => v).ToArray(), values, $"{name} parameters");
        for (int t = 0; t < lengths.Length; t++)
            foreach (var buffer in apart.Info.States)
                Bitwise.Equal<float>(apart.GetState(0, t, buffer.Name), together.GetState(0, t, buffer.Name), $"{name} {buffer.Name} of tensor {t}");
    }
}
