namespace SimdOpt.Cli.Bench;

/// <summary>Where a model's tensors lie in memory, for <c>simdopt bench --tensors</c>.</summary>
internal enum TensorMemory
{
    /// <summary>A model of one tensor: its values in one array, its gradients in another.</summary>
    OneArray,

    /// <summary>Every tensor's values and gradients in arrays of their own, allocated tensor by tensor.</summary>
    OwnArrays,

    /// <summary>All tensors end to end in one <see cref="SimdOpt.Training.ParameterBuffer{T}"/>.</summary>
    OneBuffer,
}

/// <summary>The words a <see cref="TensorMemory"/> is printed with, in tables and JSON alike.</summary>
internal static class TensorMemoryLabels
{
    /// <summary><c>one array</c>, <c>own arrays</c> or <c>one buffer</c>.</summary>
    public static string Label(this TensorMemory memory) => memory switch
    {
        TensorMemory.OneArray => "one array",
        TensorMemory.OwnArrays => "own arrays",
        TensorMemory.OneBuffer => "one buffer",
        _ => throw new ArgumentOutOfRangeException(nameof(memory), memory, "Unknown tensor memory."),
    };

    /// <summary>The memories a layout is timed in: one array for a single tensor; own arrays and one buffer for
    /// several.</summary>
    public static IReadOnlyList<TensorMemory> For(TensorLayout layout) =>
        layout.Count == 1 ? [TensorMemory.OneArray] : [TensorMemory.OwnArrays, TensorMemory.OneBuffer];
}
