namespace SimdOpt.Precision;

/// <summary>How a buffer of float32 values is stored. Math always runs in float32: a low-precision buffer is widened
/// when read and narrowed when written, in the same pass.</summary>
public enum StorageKind
{
    /// <summary>IEEE binary32: 4 bytes per element, nothing lost.</summary>
    Float32,

    /// <summary>bfloat16 (<see cref="Precision.BFloat16"/>): 2 bytes per element; float's range, 8 significant bits
    /// (relative rounding error at most 2^-8).</summary>
    BFloat16,

    /// <summary>IEEE binary16 (<see cref="System.Half"/>): 2 bytes per element; 11 significant bits (relative error at
    /// most 2^-11), but a range of only ±65504 (normal down to 2^-14, subnormal down to 2^-24).</summary>
    Float16,

    /// <summary>8-bit blockwise quantization (<see cref="Quantized8Codec"/>): 1 byte per element plus one float32
    /// scale per <see cref="Quantized8Codec.BlockSize"/> elements, 1 + 4/256 = 1.015625 bytes per element.</summary>
    Quantized8,
}
