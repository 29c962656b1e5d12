using SimdOpt.Precision;

namespace SimdOpt.Training;

/// <summary>
/// A tensor the caller owns, in float32, bfloat16 or float16: the values or the gradient of a
/// <see cref="StoredParameter"/>. Converts implicitly from <see cref="Memory{T}"/> of <see cref="float"/>,
/// <see cref="BFloat16"/> and <see cref="Half"/> (and from arrays of them).
/// </summary>
public readonly struct StoredTensor
{
    private StoredTensor(StoredMemory memory) => Memory = memory;

    /// <summary>How the elements are stored.</summary>
    public StorageKind Kind => Memory.Kind;

    /// <summary>The number of elements.</summary>
    public int Length => Memory.Length;

    internal StoredMemory Memory { get; }

    /// <summary>A float32 tensor.</summary>
    /// <param name="values">The caller's elements.</param>
    public static StoredTensor Float32(Memory<float> values) => new(StoredMemory.Of(values));

    /// <summary>A bfloat16 tensor.</summary>
    /// <param name="values">The caller's elements.</param>
    public static StoredTensor BFloat16(Memory<BFloat16> values) => new(StoredMemory.Of(values));

    /// <summary>A float16 tensor.</summary>
    /// <param name="values">The caller's elements.</param>
    public static StoredTensor Float16(Memory<Half> values) => new(StoredMemory.Of(values));

    /// <summary>A float32 tensor.</summary>
    /// <param name="values">The caller's elements.</param>
    public static implicit operator StoredTensor(Memory<float> values) => Float32(values);

    /// <summary>A float32 tensor.</summary>
    /// <param name="values">The caller's elements.</param>
    public static implicit operator StoredTensor(float[] values) => Float32(values);

    /// <summary>A bfloat16 tensor.</summary>
    /// <param name="values">The caller's elements.</param>
    public static implicit operator StoredTensor(Memory<BFloat16> values) => BFloat16(values);

    /// <summary>A bfloat16 tensor.</summary>
    /// <param name="values">The caller's elements.</param>
    public static implicit operator StoredTensor(BFloat16[] values) => BFloat16(values);

    /// <summary>A float16 tensor.</summary>
    /// <param name="values">The caller's elements.</param>
    public static implicit operator StoredTensor(Memory<Half> values) => Float16(values);

    /// <summary>A float16 tensor.</summary>
    /// <param name="values">The caller's elements.</param>
    public static implicit operator StoredTensor(Half[] values) => Float16(values);
}
