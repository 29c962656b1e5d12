using SimdOpt.Cli.Bench;
using SimdOpt.Optimizers;
using SimdOpt.Precision;
using SimdOpt.Training;

namespace SimdOpt.Tests.Training.Storage;

/// <summary>A state buffer the flags leave unused (AdamW's <c>max_exp_avg_sq</c> without amsgrad) is not allocated by
/// a <see cref="LowPrecisionOptimizer"/> until a step uses it, so its memory per parameter is what it keeps.</summary>
public sealed class AbsentStateTests
{
    private static readonly int[] Lengths = [5, 1000, 40_000];
    private static readonly long Elements = Lengths.Sum();

    [Theory]
    [InlineData(StorageKind.BFloat16, 2.0)]
    [InlineData(StorageKind.Float16, 2.0)]
    [InlineData(StorageKind.Quantized8, 1.0)]
    public void Without_amsgrad_only_the_two_moments_are_held(StorageKind kind, double bytesPerElement)
    {
        var (optimizer, fixture) = Build(kind, amsgrad: false);
        fixture.Train(optimizer, 0, 3);
        // An 8-bit buffer also keeps one float32 scale per block of 256 (the 5-element tensor: one block).
        long scales = kind == StorageKind.Quantized8 ? 4L * (1 + 4 + 157) : 0;
        Assert.Equal(2 * ((long)(bytesPerElement * Elements) + scales), optimizer.OwnedBytes);
        for (int t = 0; t < Lengths.Length; t++)
            Assert.Equal(new float[Lengths[t]], optimizer.ReadState(0, t, "max_exp_avg_sq"));
    }

    [Fact]
    public void With_amsgrad_from_the_start_all_three_buffers_are_held()
    {
        var (optimizer, fixture) = Build(StorageKind.BFloat16, amsgrad: true);
        Assert.Equal(3 * 2 * Elements, optimizer.OwnedBytes);
        fixture.Train(optimizer, 0, 2);
        Assert.Equal(3 * 2 * Elements, optimizer.OwnedBytes);
    }

    [Fact]
    public void Enabling_amsgrad_later_allocates_the_buffer_from_its_initial_value()
    {
        var (optimizer, fixture) = Build(StorageKind.BFloat16, amsgrad: false);
        fixture.Train(optimizer, 0, 3);
        Assert.Equal(2 * 2 * Elements, optimizer.OwnedBytes);
        optimizer.Groups[0].Hyperparameters.SetFlag("amsgrad", true);
        fixture.Train(optimizer, 3, 4);
        Assert.Equal(3 * 2 * Elements, optimizer.OwnedBytes);
        // Its first step under amsgrad takes max(0, exp_avg_sq): the second moment's bits, as Optimizer<float>'s
        // zero-filled buffer gives.
        for (int t = 0; t < Lengths.Length; t++)
            Assert.Equal(optimizer.ReadState(0, t, "exp_avg_sq"), optimizer.ReadState(0, t, "max_exp_avg_sq"));
    }

    [Fact]
    public void An_absent_buffer_is_saved_as_zeros_and_stays_absent_when_loaded()
    {
        var (source, fixture) = Build(StorageKind.Quantized8, amsgrad: false);
        fixture.Train(source, 0, 2);
        var stream = new MemoryStream();
        Checkpoint.Save(stream, source, includeParameters: true);
        var (resumed, other) = Build(StorageKind.Quantized8, amsgrad: false);
        Checkpoint.Load(new MemoryStream(stream.ToArray()), resumed);
        Assert.Equal(source.OwnedBytes, resumed.OwnedBytes);
        // Loaded into an optimizer that enables amsgrad, the zeros saved for the buffer are its start.
        resumed.Groups[0].Hyperparameters.SetFlag("amsgrad", true);
        source.Groups[0].Hyperparameters.SetFlag("amsgrad", true);
        fixture.Train(source, 2, 3);
        other.Train(resumed, 2, 3);
        for (int t = 0; t < Lengths.Length; t++)
        {
            Assert.Equal(fixture.ValueBytes(t), other.ValueBytes(t));
            Assert.Equal(source.ReadState(0, t, "max_exp_avg_sq"), resumed.ReadState(0, t, "max_exp_avg_sq"));
        }
    }

    [Fact]
    public void Float32_states_keep_every_declared_buffer_in_the_float_optimizers_layout()
    {
        var (optimizer, fixture) = Build(StorageKind.Float32, amsgrad: false);
        fixture.Train(optimizer, 0, 1);
        Assert.Equal(3 * 4 * Elements, optimizer.OwnedBytes);
    }

    [Fact]
    public void The_benchs_memory_per_parameter_is_what_the_optimizer_allocates()
    {
        const int length = 4096;   // whole 8-bit blocks, so the shared-out scales add up exactly
        foreach (var storage in BenchStorage.All)
        {
            var optimizer = new LowPrecisionOptimizer(new AdamW(), storage.Options);
            optimizer.AddGroup([storage.CreateParameter(length, new Random(1))]);
            double stored = BenchStorage.BytesOf(storage.Values) + BenchStorage.BytesOf(storage.Gradients);
            Assert.Equal(storage.BytesHeld(new AdamW()), stored + optimizer.OwnedBytes / (double)length);
        }
    }

    private static (LowPrecisionOptimizer, StoredFixture) Build(StorageKind states, bool amsgrad)
    {
        var variant = new StorageVariant(states.ToString(), StorageKind.Float32, StorageKind.Float32,
            new StorageOptions { States = states });
        var fixture = new StoredFixture(variant, seed: 3, Lengths);
        var optimizer = new LowPrecisionOptimizer(new AdamW(lr: 0.01, amsgrad: amsgrad), variant.Options);
        optimizer.AddGroup(fixture.Parameters());
        return (optimizer, fixture);
    }
}
