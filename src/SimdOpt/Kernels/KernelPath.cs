namespace SimdOpt.Kernels;

/// <summary>Which code path a generated kernel runs. Every path computes bit-identical results.</summary>
public enum KernelPath
{
    /// <summary>The widest hardware-accelerated path of this machine (Vector512, else Vector256, else Vector128, else
    /// scalar).</summary>
    Auto,

    /// <summary>512-bit vectors (AVX-512), tail handled by narrower vectors and then scalar code.</summary>
    Vector512,

    /// <summary>256-bit vectors (AVX2), tail handled by Vector128 and then scalar code.</summary>
    Vector256,

    /// <summary>128-bit vectors (SSE, NEON), tail handled by scalar code.</summary>
    Vector128,

    /// <summary><see cref="System.Numerics.Vector{T}"/>, whose width the runtime chooses.</summary>
    VectorT,

    /// <summary>One element at a time: the reference every other path equals bit for bit.</summary>
    Scalar,
}
