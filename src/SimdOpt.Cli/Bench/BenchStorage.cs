using SimdOpt.Kernels;
using SimdOpt.Precision;
using SimdOpt.Training;

namespace SimdOpt.Cli.Bench;

/// <summary>
/// One storage row of <c>simdopt bench --storage</c>: <c>fp32</c> (everything float32), <c>bf16</c>, <c>fp16</c> and
/// <c>q8</c> (the state buffers in bfloat16, float16 or 8 bits, the parameters and gradients float32), and
/// <c>bf16-all</c> (parameters, gradients and states bfloat16).
/// </summary>
/// <param name="Name">The name on the command line and in the table.</param>
/// <param name="Values">The parameters' storage.</param>
/// <param name="Gradients">The gradients' storage.</param>
/// <param name="States">The state buffers' storage.</param>
internal sealed record BenchStorage(string Name, StorageKind Values, StorageKind Gradients, StorageKind States)
{
    /// <summary>Every storage the bench knows, in table order.</summary>
    public static readonly BenchStorage[] All =
    [
        new("fp32", StorageKind.Float32, StorageKind.Float32, StorageKind.Float32),
        new("bf16", StorageKind.Float32, StorageKind.Float32, StorageKind.BFloat16),
        new("fp16", StorageKind.Float32, StorageKind.Float32, StorageKind.Float16),
        new("q8", StorageKind.Float32, StorageKind.Float32, StorageKind.Quantized8),
        new("bf16-all", StorageKind.BFloat16, StorageKind.BFloat16, StorageKind.BFloat16),
    ];

    /// <summary>The default of <c>--storage</c>: every storage.</summary>
    public static string DefaultList => string.Join(",", All.Select(s => s.Name));

    /// <summary>Parses a comma-separated list such as <c>fp32,bf16,q8</c>; null with <paramref name="error"/> set when
    /// a name is unknown.</summary>
    public static BenchStorage[]? TryParse(string text, out string? error)
    {
        var storages = new List<BenchStorage>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var storage = All.FirstOrDefault(s => string.Equals(s.Name, part, StringComparison.OrdinalIgnoreCase));
            if (storage is null)
            {
                error = $"unknown storage '{part}' (known: {DefaultList}).";
                return null;
            }
            if (!storages.Contains(storage)) storages.Add(storage);
        }
        error = storages.Count == 0 ? $"give at least one storage ({DefaultList})." : null;
        return error is null ? [.. storages] : null;
    }

    /// <summary>The optimizer's storage options for this row.</summary>
    public StorageOptions Options => new() { States = States };

    /// <summary>Bytes one element takes in <paramref name="kind"/>, an 8-bit block's scale shared out.</summary>
    public static double BytesOf(StorageKind kind) => kind switch
    {
        StorageKind.Float32 => 4,
        StorageKind.BFloat16 or StorageKind.Float16 => 2,
        _ => 1 + 4.0 / Quantized8Codec.BlockSize,
    };

    /// <summary>Bytes a step moves per element: the parameter read and written, the gradient read, each active state
    /// buffer read and written.</summary>
    public double BytesMoved(OptimizerHyperparameters hyperparameters) =>
        2 * BytesOf(Values) + BytesOf(Gradients) + 2 * ActiveStates(hyperparameters) * BytesOf(States);

    /// <summary>Memory per parameter: the parameter, its gradient and its state buffers as the optimizer allocates
    /// them (every declared one in float32, whose buffers lie in one block; otherwise those the flags use).</summary>
    public double BytesHeld(OptimizerHyperparameters hyperparameters) =>
        BytesOf(Values) + BytesOf(Gradients)
        + (States == StorageKind.Float32 ? hyperparameters.Info.States.Count : ActiveStates(hyperparameters))
        * BytesOf(States);

    /// <summary>A parameter of <paramref name="length"/> elements in this storage, filled from
    /// <paramref name="random"/>.</summary>
    public StoredParameter CreateParameter(int length, Random random)
    {
        var values = new float[length];
        var gradients = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)(random.NextDouble() * 2 - 1);
            gradients[i] = (float)((random.NextDouble() * 2 - 1) * 1e-2);
        }
        return new StoredParameter(Tensor(Values, values), Tensor(Gradients, gradients));
    }

    private static int ActiveStates(OptimizerHyperparameters hyperparameters)
    {
        int active = 0;
        for (int k = 0; k < hyperparameters.Info.States.Count; k++)
            if (hyperparameters.IsStateActive(k)) active++;
        return active;
    }

    private static StoredTensor Tensor(StorageKind kind, float[] values)
    {
        if (kind == StorageKind.Float32) return values;
        if (kind == StorageKind.Float16) return values.Select(v => (Half)v).ToArray();
        var narrowed = new BFloat16[values.Length];
        BFloat16Codec.Narrow(values, narrowed);
        return narrowed;
    }
}
