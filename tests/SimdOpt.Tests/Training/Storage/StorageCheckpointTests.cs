using SimdOpt.Kernels;
using SimdOpt.Optimizers;
using SimdOpt.Precision;
using SimdOpt.Training;

namespace SimdOpt.Tests.Training.Storage;

/// <summary>Checkpoints of a <see cref="LowPrecisionOptimizer"/>: they record each buffer's storage, resume the exact
/// trajectory (stochastic rounding's seed included), and refuse another storage unless conversion is asked
/// for.</summary>
public sealed class StorageCheckpointTests
{
    private static readonly int[] Lengths = [5, 1000, 40_000];

    [Theory]
    [MemberData(nameof(StorageVariant.StagedNames), MemberType = typeof(StorageVariant))]
    public void Loading_resumes_the_trajectory_bit_for_bit(string variantName)
    {
        var variant = StorageVariant.Named(variantName);
        var (straight, fixture) = Build(variant, variant.Options);
        Run(straight, fixture, 0, 2);
        var saved = Save(straight);
        Run(straight, fixture, 2, 4);

        // Another seed here: the checkpoint's is restored.
        var (resumed, other) = Build(variant, variant.Options with { Seed = variant.Options.Seed + 1 });
        Checkpoint.Load(new MemoryStream(saved), resumed);
        Run(resumed, other, 2, 4);
        for (int t = 0; t < Lengths.Length; t++)
        {
            Assert.Equal(fixture.ValueBytes(t), other.ValueBytes(t));
            foreach (var state in straight.Info.States)
                Assert.Equal(straight.ReadState(0, t, state.Name), resumed.ReadState(0, t, state.Name));
        }
    }

    [Fact]
    public void Another_storage_is_refused_naming_the_buffer_and_changes_nothing()
    {
        var bf16 = StorageVariant.Named("bf16 states");
        var (source, fixture) = Build(bf16, bf16.Options);
        Run(source, fixture, 0, 2);
        var saved = Save(source);
        var q8 = StorageVariant.Named("q8 states");
        var (target, other) = Build(q8, q8.Options);
        Run(target, other, 0, 1);
        var before = target.ReadState(0, 1, "exp_avg");
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(new MemoryStream(saved), target));
        Assert.Equal("Group 0 of the checkpoint stores state buffer 'exp_avg' as BFloat16, but here as Quantized8 "
            + "(SignedDynamic); set ConvertsStorageOnLoad to convert it.", e.Message);
        Assert.Equal(before, target.ReadState(0, 1, "exp_avg"));
        Assert.Equal(1, target.Groups[0].StepCount);
    }

    [Fact]
    public void Conversion_when_asked_narrows_the_saved_values_into_this_storage()
    {
        var bf16 = StorageVariant.Named("bf16 states");
        var (source, fixture) = Build(bf16, bf16.Options);
        Run(source, fixture, 0, 2);
        var saved = Save(source);
        var q8 = StorageVariant.Named("q8 states");
        var (target, _) = Build(q8, q8.Options);
        target.ConvertsStorageOnLoad = true;
        Checkpoint.Load(new MemoryStream(saved), target);
        Assert.Equal(2, target.Groups[0].StepCount);
        foreach (var state in source.Info.States)
        {
            var expected = StoredMemory.Allocate(StorageKind.Quantized8, Lengths[2], Quantized8Code.SignedDynamic);
            expected.Narrow(source.ReadState(0, 2, state.Name), 0, KernelPath.Scalar);
            var widened = new float[Lengths[2]];
            expected.Widen(0, widened, KernelPath.Scalar);
            Assert.Equal(widened, target.ReadState(0, 2, state.Name));
        }
    }

    [Fact]
    public void Float32_checkpoints_move_between_the_two_optimizers()
    {
        var fixture = new TrainingFixture<float>(seed: 2, Lengths);
        var plain = new Optimizer<float>(new AdamW(lr: 0.01), fixture.Parameters());
        fixture.ComputeGradients(0);
        plain.Step();
        var stream = new MemoryStream();
        Checkpoint.Save(stream, plain);
        var copy = fixture.CopyValues();
        var stored = new LowPrecisionOptimizer(new AdamW(lr: 0.01));
        stored.AddGroup(copy.Values.Select((v, t) => new StoredParameter(v, copy.Gradients[t])));
        Checkpoint.Load(new MemoryStream(stream.ToArray()), stored);
        for (int t = 0; t < Lengths.Length; t++)
            Assert.Equal(plain.GetState(0, t, "exp_avg_sq").ToArray(), stored.ReadState(0, t, "exp_avg_sq"));

        var back = new MemoryStream();
        Checkpoint.Save(back, stored);
        var again = new Optimizer<float>(new AdamW(lr: 0.01), fixture.CopyValues().Parameters());
        Checkpoint.Load(new MemoryStream(back.ToArray()), again);
        Assert.Equal(plain.GetState(0, 2, "exp_avg").ToArray(), again.GetState(0, 2, "exp_avg").ToArray());
    }

    [Fact]
    public void The_float_optimizer_refuses_a_low_precision_checkpoint()
    {
        var bf16 = StorageVariant.Named("bf16 states");
        var (source, fixture) = Build(bf16, bf16.Options);
        Run(source, fixture, 0, 1);
        var plain = new Optimizer<float>(new AdamW(lr: 0.01),
            new TrainingFixture<float>(seed: 2, Lengths).Parameters());
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(new MemoryStream(Save(source)), plain));
        Assert.Equal("Group 0 of the checkpoint stores state buffer 'exp_avg' as BFloat16, but this optimizer holds "
            + "every buffer in full precision: load it into a LowPrecisionOptimizer with that storage (or with "
            + "ConvertsStorageOnLoad).", e.Message);
    }

    private static (LowPrecisionOptimizer, StoredFixture) Build(StorageVariant variant, StorageOptions options)
    {
        var fixture = new StoredFixture(variant, seed: 9, Lengths);
        var optimizer = new LowPrecisionOptimizer(new AdamW(lr: 0.01, weightDecay: 0.01), options);
        optimizer.AddGroup(fixture.Parameters());
        return (optimizer, fixture);
    }

    private static void Run(LowPrecisionOptimizer optimizer, StoredFixture fixture, int from, int to) =>
        fixture.Train(optimizer, from, to);

    private static byte[] Save(LowPrecisionOptimizer optimizer)
    {
        var stream = new MemoryStream();
        Checkpoint.Save(stream, optimizer, includeParameters: true);
        return stream.ToArray();
    }
}
