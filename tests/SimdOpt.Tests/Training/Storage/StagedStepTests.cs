using SimdOpt.Kernels;
using SimdOpt.Precision;
using SimdOpt.Tests.Support;
using SimdOpt.Training;

namespace SimdOpt.Tests.Training.Storage;

/// <summary>
/// The staged step of <see cref="LowPrecisionOptimizer"/>: with float32 storage it is <see cref="Optimizer{T}"/>'s step
/// bit for bit; in every other storage it is exactly the float32 kernel run on the widened values and narrowed back
/// (the same bits as that, for every optimizer, reductions included); and it gives the same bits on every path and
/// thread count.
/// </summary>
public sealed class StagedStepTests
{
    // Tails, a partial 8-bit block, a whole staging block and more, and a tensor of several work chunks (32 Ki) with a
    // ragged end.
    private static readonly int[] Lengths = [1, 3, 300, 1000, 4096 + 257, 2 * WorkPartition.ChunkLength + 77];

    private const int Steps = 4;

    public static TheoryData<string> Optimizers()
    {
        var names = new TheoryData<string>();
        foreach (string name in Configurations.All())
            if (Configurations.Create(name).Info is { Inputs.Count: 0, HasModes: false }) names.Add(name);
        return names;
    }

    public static TheoryData<string, string> OptimizersAndVariants()
    {
        var rows = new TheoryData<string, string>();
        foreach (string name in Optimizers())
            foreach (var variant in StorageVariant.Staged) rows.Add(name, variant.Name);
        return rows;
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Float32_storage_steps_exactly_as_the_float_optimizer(string optimizer)
    {
        var definition = Configurations.Create(optimizer);
        var fixture = new TrainingFixture<float>(seed: 3, Lengths);
        var reference = fixture.CopyValues();
        var stored = new LowPrecisionOptimizer(definition) { MaxDegreeOfParallelism = 2 };
        stored.AddGroup(fixture.Values.Select((v, t) => new StoredParameter(v, fixture.Gradients[t])));
        var plain = new Optimizer<float>(definition, reference.Parameters()) { MaxDegreeOfParallelism = 2 };
        for (int step = 0; step < Steps; step++)
        {
            fixture.ComputeGradients(step);
            reference.ComputeGradients(step);
            stored.Step();
            plain.Step();
            for (int t = 0; t < Lengths.Length; t++)
            {
                Bits.Equal<float>(reference.Values[t], fixture.Values[t], $"step {step + 1}, tensor {t}");
                foreach (var state in definition.Info.States)
                    Bits.Equal<float>(plain.GetState(0, t, state.Name), stored.ReadState(0, t, state.Name),
                        $"step {step + 1}, tensor {t}, {state.Name}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(OptimizersAndVariants))]
    public void A_staged_step_is_the_float_kernel_on_the_widened_values(string optimizer, string variantName)
    {
        var variant = StorageVariant.Named(variantName);
        var definition = Configurations.Create(optimizer);
        var fixture = new StoredFixture(variant, seed: 5, Lengths);
        var stored = new LowPrecisionOptimizer(definition, variant.Options) { MaxDegreeOfParallelism = 2 };
        stored.AddGroup(fixture.Parameters());
        // The reference: float32 tensors set, before each step, to what the stored step starts from.
        var values = Lengths.Select(n => new float[n]).ToArray();
        var gradients = Lengths.Select(n => new float[n]).ToArray();
        var reference = new Optimizer<float>(definition,
            values.Select((v, t) => new Parameter<float>(v, gradients[t])))
        {
            MaxDegreeOfParallelism = 1,
        };
        var states = definition.Info.States;
        for (int step = 0; step < Steps; step++)
        {
            fixture.ComputeGradients(step);
            for (int t = 0; t < Lengths.Length; t++)
            {
                var master = stored.GetMasterWeights(0, t);
                (master.IsEmpty ? fixture.Values(t) : master.ToArray()).CopyTo(values[t], 0);
                fixture.Gradient(t).CopyTo(gradients[t], 0);
                foreach (var state in states)
                    stored.ReadState(0, t, state.Name).CopyTo(reference.GetState(0, t, state.Name));
            }
            stored.Step();
            reference.Step();
            for (int t = 0; t < Lengths.Length; t++)
            {
                string where = $"{variant}, step {step + 1}, tensor {t}";
                ExpectValues(stored, fixture, variant, t, values[t], where);
                foreach (var state in states)
                {
                    var kind = stored.GetStateStorage(0, t, state.Name);
                    Bits.SameResult<float>(RoundTrip(reference.GetState(0, t, state.Name), kind,
                            variant.Options.CodeOf(state.Name)),
                        stored.ReadState(0, t, state.Name), $"{where}, {state.Name} ({kind})");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(StorageVariant.StagedNames), MemberType = typeof(StorageVariant))]
    public void Every_path_and_thread_count_gives_the_same_bits(string variantName)
    {
        var variant = StorageVariant.Named(variantName);
        foreach (string optimizer in new[] { "adamw", "lamb+always_adapt", "sgd+nesterov", "lion" })
        {
            var expected = Trajectory(optimizer, variant, KernelPath.Scalar, threads: 1);
            var runs = new (KernelPath Path, int Threads)[]
            {
                (KernelPath.Auto, 2), (KernelPath.Vector512, 3), (KernelPath.Vector256, 1), (KernelPath.Vector128, 2),
                (KernelPath.VectorT, 3), (KernelPath.Scalar, 3),
            };
            foreach (var (path, threads) in runs)
            {
                var actual = Trajectory(optimizer, variant, path, threads);
                for (int k = 0; k < expected.Length; k++)
                    Assert.True(expected[k].AsSpan().SequenceEqual(actual[k]),
                        $"{optimizer}, {variant}: buffer {k} differs on {path} with {threads} threads.");
            }
        }
    }

    // Every stored byte after the steps: each tensor's values, then each state buffer widened (as bits).
    private static byte[][] Trajectory(string optimizer, StorageVariant variant, KernelPath path, int threads)
    {
        var definition = Configurations.Create(optimizer);
        var fixture = new StoredFixture(variant, seed: 11, Lengths);
        var stored = new LowPrecisionOptimizer(definition, variant.Options)
        {
            MaxDegreeOfParallelism = threads,
            KernelPath = path,
        };
        stored.AddGroup(fixture.Parameters());
        for (int step = 0; step < Steps; step++)
        {
            fixture.ComputeGradients(step);
            stored.Step();
        }
        var buffers = new List<byte[]>();
        for (int t = 0; t < Lengths.Length; t++)
        {
            buffers.Add(fixture.ValueBytes(t));
            foreach (var state in definition.Info.States)
                buffers.Add(System.Runtime.InteropServices.MemoryMarshal.AsBytes(
                    stored.ReadState(0, t, state.Name).AsSpan()).ToArray());
        }
        return [.. buffers];
    }

    private static void ExpectValues(LowPrecisionOptimizer stored, StoredFixture fixture, StorageVariant variant,
        int t, float[] stepped, string where)
    {
        var master = stored.GetMasterWeights(0, t);
        if (!master.IsEmpty) Bits.Equal<float>(stepped, master, where + ", master weights");
        if (variant.Values == StorageKind.Float32)
        {
            Bits.Equal<float>(stepped, fixture.Values(t), where + ", values");
            return;
        }
        var expected = StoredMemory.Allocate(variant.Values, stepped.Length, default);
        if (variant.Options.StochasticRounding)
            expected.NarrowStochastic(stepped, 0, variant.Options.Seed, stored.Groups[0].StepCount, KernelPath.Scalar);
        else expected.Narrow(stepped, 0, KernelPath.Scalar);
        Assert.True(expected.ElementBytes.SequenceEqual(fixture.ValueBytes(t)), where + ": the stored values differ.");
    }

    // The values narrowed into the storage and widened back: what the stored step must hold.
    private static float[] RoundTrip(ReadOnlySpan<float> values, StorageKind kind, Quantized8Code code)
    {
        var memory = StoredMemory.Allocate(kind, values.Length, code);
        memory.Narrow(values, 0, KernelPath.Scalar);
        var back = new float[values.Length];
        memory.Widen(0, back, KernelPath.Scalar);
        return back;
    }
}
