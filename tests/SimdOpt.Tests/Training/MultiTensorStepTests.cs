using System.Numerics;
using SimdOpt.Kernels;
using SimdOpt.Optimizers;
using SimdOpt.Training;

namespace SimdOpt.Tests.Training;

public class MultiTensorStepTests
{
    // Empty, tiny, every tail, a whole vector, and tensors of several work chunks (32 Ki) with a ragged end.
    private static readonly int[] Lengths = [0, 1, 3, 63, 64, 65, 1000, 2 * WorkPartition.ChunkLength + 77];

    // A step-wide reduction (LAMB's global gradient norm) makes a tensor's step depend on every other tensor, so those
    // optimizers are compared with StepWideReference instead of one OptimizerState per tensor.
    private static bool IsStepWide(string name) =>
        Configurations.Create(name).CreatePlan<float>().StepWideReductions != 0;

    private static IEnumerable<string> Names() => Configurations.All().Cast<object[]>().Select(row => (string)row[0]);

    public static TheoryData<string> Optimizers() => [.. Names().Where(n => !IsStepWide(n))];

    public static TheoryData<string> StepWideOptimizers() => [.. Names().Where(IsStepWide)];

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Float_steps_equal_per_tensor_optimizer_state_bit_for_bit(string optimizer) => StepsEqualPerTensorState<float>(optimizer);

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Double_steps_equal_per_tensor_optimizer_state_bit_for_bit(string optimizer) => StepsEqualPerTensorState<double>(optimizer);

    [Theory]
    [MemberData(nameof(StepWideOptimizers))]
    public void Float_steps_equal_the_step_wide_reference_bit_for_bit(string optimizer) =>
        StepsEqualStepWideReference<float>(optimizer);

    [Theory]
    [MemberData(nameof(StepWideOptimizers))]
    public void Double_steps_equal_the_step_wide_reference_bit_for_bit(string optimizer) =>
        StepsEqualStepWideReference<double>(optimizer);

    [Fact]
    public void Lamb_and_the_probe_are_the_step_wide_configurations()
    {
        var names = StepWideOptimizers().Cast<object[]>().Select(row => (string)row[0]).ToArray();
        Assert.Contains("lamb", names);
        Assert.Contains("step-wide-probe", names);
        Assert.DoesNotContain("adamw", names);
    }

    private static void StepsEqualPerTensorState<T>(string name) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (definition, second) = Groups(name);
        var states = Lengths.Select((n, i) => new OptimizerState<T>(i < 5 ? definition : second, n)).ToArray();
        StepsEqualReference<T>(name, (values, gradients) =>
        {
            for (int t = 0; t < states.Length; t++) states[t].Step(values[t], gradients[t]);
        }, (t, k) => states[t].Buffer(k).ToArray(), t => states[t].StepState.ToArray());
    }

    private static void StepsEqualStepWideReference<T>(string name) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (definition, second) = Groups(name);
        var reference = new StepWideReference<T>([.. Lengths.Select((_, i) => i < 5 ? definition : second)], Lengths);
        StepsEqualReference<T>(name, reference.Step, (t, k) => reference.Buffer(t, k).ToArray(),
            t => reference.StepState(t).ToArray());
    }

    // Two groups: the second with its own learning rate, as torch's param_groups.
    private static (OptimizerHyperparameters First, OptimizerHyperparameters Second) Groups(string name)
    {
        var definition = Configurations.Create(name);
        var second = definition.Clone();
        second.SetHyperparameter("lr", definition.GetHyperparameter("lr") / 2);
        return (definition, second);
    }

    private static void StepsEqualReference<T>(string name, Action<T[][], T[][]> referenceStep,
        Func<int, int, T[]> referenceBuffer, Func<int, double[]> referenceStepState)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (definition, second) = Groups(name);
        var fixture = new TrainingFixture<T>(seed: 1, Lengths);
        var reference = fixture.CopyValues();
        var optimizer = new Optimizer<T>(definition) { MaxDegreeOfParallelism = 2 };
        optimizer.AddGroup(fixture.Parameters(..5));
        optimizer.AddGroup(fixture.Parameters(5..), second);

        for (int step = 0; step < 4; step++)
        {
            fixture.ComputeGradients(step);
            reference.ComputeGradients(step);
            optimizer.Step();
            referenceStep(reference.Values, reference.Gradients);
        }

        Bitwise.Equal(reference.Values, fixture.Values, $"{name} parameters");
        for (int t = 0; t < Lengths.Length; t++)
        {
            int group = t < 5 ? 0 : 1, index = t < 5 ? t : t - 5;
            for (int k = 0; k < definition.Info.States.Count; k++)
            {
                string buffer = definition.Info.States[k].Name;
                Bitwise.Equal<T>(referenceBuffer(t, k), optimizer.GetState(group, index, buffer),
                    $"{name} {buffer} of tensor {t}");
            }
            Assert.Equal(referenceStepState(t), optimizer.Groups[group].StepState.ToArray());
        }
        Assert.All(optimizer.Groups, g => Assert.Equal(4, g.StepCount));
    }

    [Theory]
    [InlineData("adamw+amsgrad")]
    [InlineData("nadam")]
    [InlineData("rprop")]
    [InlineData("lamb")]
    [InlineData("lars+trust")]
    [InlineData("mars+optimize_1d")]
    [InlineData("cadamw")]
    [InlineData("stableadamw")]
    public void Results_are_the_same_bits_for_one_two_three_and_seven_threads(string name)
    {
        float[][] Run(int threads)
        {
            var fixture = new TrainingFixture<float>(seed: 2, Lengths);
            var optimizer = new Optimizer<float>(Configurations.Create(name), fixture.Parameters()) { MaxDegreeOfParallelism = threads };
            for (int step = 0; step < 3; step++)
            {
                fixture.ComputeGradients(step);
                optimizer.Step();
            }
            return [.. fixture.Values, .. Enumerable.Range(0, Lengths.Length).SelectMany(t => optimizer.Info.States.Select(s => optimizer.GetState(0, t, s.Name).ToArray()))];
        }

        var one = Run(1);
        Bitwise.Equal(one, Run(2), $"{name} with 2 threads");
        Bitwise.Equal(one, Run(3), $"{name} with 3 threads");
        Bitwise.Equal(one, Run(7), $"{name} with 7 threads");
    }

    [Fact]
    public void Every_kernel_path_gives_the_same_bits()
    {
        double[][] Run(KernelPath path)
        {
            var fixture = new TrainingFixture<double>(seed: 3, Lengths);
            var optimizer = new Optimizer<double>(new AdamW(lr: 0.01, amsgrad: true), fixture.Parameters()) { KernelPath = path, MaxDegreeOfParallelism = 2 };
            for (int step = 0; step < 3; step++)
            {
                fixture.ComputeGradients(step);
                optimizer.Step();
            }
            return fixture.Values;
        }

        var scalar = Run(KernelPath.Scalar);
        foreach (var path in Enum.GetValues<KernelPath>()) Bitwise.Equal(scalar, Run(path), $"parameters on path {path}");
    }

    [Fact]
    public unsafe void Native_memory_and_memory_slices_step_like_arrays()
    {
        const int n = 1000;
        var fixture = new TrainingFixture<float>(seed: 4, n, n);
        var arrays = fixture.CopyValues();
        float* native = (float*)System.Runtime.InteropServices.NativeMemory.Alloc(2 * n, sizeof(float));
        try
        {
            // Tensor 0 lives in native memory; tensor 1 is a slice of a larger array.
            fixture.Values[0].CopyTo(new Span<float>(native, n));
            float[] big = new float[n + 40];
            var parameters = new[]
            {
                Parameter<float>.FromPointers(native, native + n, n),
                new Parameter<float>(big.AsMemory(20, n), fixture.Gradients[1]),
            };
            fixture.Values[1].CopyTo(big, 20);
            var optimizer = new Optimizer<float>(new Adam(lr: 0.01), parameters);
            var reference = new Optimizer<float>(new Adam(lr: 0.01), arrays.Parameters());
            for (int step = 0; step < 3; step++)
            {
                arrays.ComputeGradients(step);
                arrays.Gradients[0].CopyTo(new Span<float>(native + n, n));
                arrays.Gradients[1].CopyTo(fixture.Gradients[1], 0);
                optimizer.Step();
                reference.Step();
            }
            Bitwise.Equal<float>(arrays.Values[0], new ReadOnlySpan<float>(native, n), "native parameters");
            Bitwise.Equal<float>(arrays.Values[1], big.AsSpan(20, n), "sliced parameters");
            Assert.All(big.Take(20).Concat(big.Skip(20 + n)), v => Assert.Equal(0f, v));
        }
        finally
        {
            System.Runtime.InteropServices.NativeMemory.Free(native);
        }
    }

    [Fact]
    public void A_group_added_later_starts_at_its_own_first_step()
    {
        var fixture = new TrainingFixture<float>(seed: 5, 100, 100);
        var optimizer = new Optimizer<float>(new NAdam(), fixture.Parameters(..1));
        fixture.ComputeGradients(0);
        optimizer.Step();
        optimizer.Step();
        optimizer.AddGroup(fixture.Parameters(1..));
        optimizer.Step();

        Assert.Equal([3L, 1L], optimizer.Groups.Select(g => g.StepCount));
        // NAdam's mu_product after one step is mu_1 = beta1 · (1 - 0.5 · 0.96^(1 · momentum_decay)).
        Assert.Equal(0.9 * (1 - 0.5 * Math.Pow(0.96, 0.004)), optimizer.Groups[1].StepState[0], 15);
    }

    [Fact]
    public void Work_is_cut_on_whole_chunks_independent_of_threads()
    {
        var partition = WorkPartition.Create([10, WorkPartition.ChunkLength * 2 + 5, 0, 7]);
        Assert.Equal(
            [new(0, 0, 10), new(1, 0, WorkPartition.ChunkLength), new(1, WorkPartition.ChunkLength, WorkPartition.ChunkLength), new(1, 2 * WorkPartition.ChunkLength, 5), new(3, 0, 7)],
            partition.Items);
        Assert.Equal(0, WorkPartition.ChunkLength % 64);
        // 10 + a chunk fills the first batch; the next chunk the second; the small rest the third.
        Assert.Equal(3, partition.BatchCount);
        Assert.Equal((0, 2), partition.Batch(0));
        Assert.Equal((2, 3), partition.Batch(1));
        Assert.Equal((3, 5), partition.Batch(2));
    }
}
