using SimdOpt.Precision;
using SimdOpt.Training;

namespace SimdOpt.Cli.Learning;

/// <summary>One way the precision part of the demo stores the model and its optimizer state.</summary>
/// <param name="Label">The name in the table and the legend.</param>
/// <param name="Values">The storage of the parameters and their gradients: float32 or bfloat16.</param>
/// <param name="Options">The optimizer's storage of the state buffers (and rounding of bfloat16 parameters).</param>
internal sealed record PrecisionStorage(string Label, StorageKind Values, StorageOptions Options)
{
    /// <summary>The rows of the part: float32 everywhere; bfloat16 states; 8-bit states (the unsigned code for the
    /// second moment, as docs/precision.md advises); bfloat16 parameters, gradients and states, with stochastic
    /// rounding of the parameters (torchao's <c>bf16_stochastic_round</c>).</summary>
    public static IReadOnlyList<PrecisionStorage> All { get; } =
    [
        new("fp32", StorageKind.Float32, StorageOptions.Float32),
        new("bf16 states", StorageKind.Float32, new StorageOptions { States = StorageKind.BFloat16 }),
        new("8-bit states", StorageKind.Float32, new StorageOptions
        {
            States = StorageKind.Quantized8,
            Codes = new Dictionary<string, Quantized8Code> { ["exp_avg_sq"] = Quantized8Code.UnsignedDynamic },
        }),
        new("bf16 everything, stochastic rounding", StorageKind.BFloat16, new StorageOptions
        {
            States = StorageKind.BFloat16,
            StochasticRounding = true,
            Seed = 20231005,
        }),
    ];
}
