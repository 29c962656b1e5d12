using SimdOpt.Precision;
using SimdOpt.Training;

namespace SimdOpt.Tests.Training.Storage;

/// <summary>One way to store a group: the parameters' and gradients' storage, and the group's options.</summary>
internal sealed record StorageVariant(string Name, StorageKind Values, StorageKind Gradients, StorageOptions Options)
{
    public override string ToString() => Name;

    public static readonly StorageVariant Float32 = new("fp32", StorageKind.Float32, StorageKind.Float32,
        StorageOptions.Float32);

    /// <summary>Every variant the staged step must get exactly right: each storage of the states, low-precision
    /// parameters and gradients, master weights, stochastic rounding, and buffers stored differently.</summary>
    public static readonly StorageVariant[] Staged =
    [
        new("bf16 states", StorageKind.Float32, StorageKind.Float32, new() { States = StorageKind.BFloat16 }),
        new("fp16 states", StorageKind.Float32, StorageKind.Float32, new() { States = StorageKind.Float16 }),
        new("q8 states", StorageKind.Float32, StorageKind.Float32, new() { States = StorageKind.Quantized8 }),
        new("bf16 all", StorageKind.BFloat16, StorageKind.BFloat16, new() { States = StorageKind.BFloat16 }),
        new("bf16 values", StorageKind.BFloat16, StorageKind.Float32, StorageOptions.Float32),
        new("fp16 values and gradients, master", StorageKind.Float16, StorageKind.Float16,
            new() { MasterWeights = true, States = StorageKind.BFloat16 }),
        new("bf16 values, stochastic rounding, q8 states", StorageKind.BFloat16, StorageKind.Float32,
            new() { StochasticRounding = true, Seed = 0x5EED, States = StorageKind.Quantized8 }),
    ];

    public static TheoryData<string> StagedNames()
    {
        var names = new TheoryData<string>();
        foreach (var variant in Staged) names.Add(variant.Name);
        return names;
    }

    public static StorageVariant Named(string name) => Staged.Single(v => v.Name == name);
}
