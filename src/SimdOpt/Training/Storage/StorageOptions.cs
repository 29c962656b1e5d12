using SimdOpt.Precision;

namespace SimdOpt.Training;

/// <summary>
/// How a <see cref="LowPrecisionOptimizer"/> group stores what it owns: its state buffers (float32, bfloat16, float16
/// or 8-bit blockwise), whether it keeps float32 master weights for low-precision parameters, and whether bfloat16
/// parameters without master weights are rounded stochastically. The parameters' and gradients' own storage is that of
/// the caller's memory (<see cref="StoredTensor"/>). The math of every step stays float32.
/// </summary>
public sealed record StorageOptions
{
    /// <summary>Every state buffer in float32, no master weights: a step with float32 parameters and gradients is then
    /// exactly <see cref="Optimizer{T}"/>'s.</summary>
    public static StorageOptions Float32 { get; } = new();

    /// <summary>The storage of every state buffer not named in <see cref="StateStorages"/>.</summary>
    public StorageKind States { get; init; } = StorageKind.Float32;

    /// <summary>The storage of individual state buffers by declared name (e.g. <c>exp_avg_sq</c> in float32 while
    /// <c>exp_avg</c> is 8-bit).</summary>
    public IReadOnlyDictionary<string, StorageKind> StateStorages { get; init; } =
        new Dictionary<string, StorageKind>(StringComparer.Ordinal);

    /// <summary>The code of 8-bit state buffers not named in <see cref="Codes"/>:
    /// <see cref="Quantized8Code.SignedDynamic"/>, right for a buffer of either sign.</summary>
    public Quantized8Code Code { get; init; } = Quantized8Code.SignedDynamic;

    /// <summary>The code of individual 8-bit state buffers by declared name: give a buffer that is never negative
    /// (a second moment, <c>exp_avg_sq</c>) <see cref="Quantized8Code.UnsignedDynamic"/>, whose range is the square of
    /// the signed code's (a negative value stored in it reads back as NaN).</summary>
    public IReadOnlyDictionary<string, Quantized8Code> Codes { get; init; } =
        new Dictionary<string, Quantized8Code>(StringComparer.Ordinal);

    /// <summary>Whether bfloat16 and float16 parameters get a float32 master copy, which each step updates and then
    /// rounds (to nearest even) into the caller's parameters in the same pass.</summary>
    public bool MasterWeights { get; init; }

    /// <summary>Whether bfloat16 parameters without master weights are rounded stochastically, as torchao's
    /// <c>bf16_stochastic_round</c>, with a random stream keyed by (<see cref="Seed"/>, step, element index), so small
    /// updates are kept on average instead of rounded away.</summary>
    public bool StochasticRounding { get; init; }

    /// <summary>The seed of stochastic rounding; saved in checkpoints, so a resumed run rounds as one that never
    /// stopped.</summary>
    public ulong Seed { get; init; }

    /// <summary>The 8-bit code of state buffer <paramref name="name"/>.</summary>
    /// <param name="name">The buffer's declared name.</param>
    public Quantized8Code CodeOf(string name) => Codes.TryGetValue(name, out var code) ? code : Code;

    /// <summary>The storage of state buffer <paramref name="name"/>.</summary>
    /// <param name="name">The buffer's declared name.</param>
    public StorageKind StateStorage(string name) =>
        StateStorages.TryGetValue(name, out var kind) ? kind : States;
}
