using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SimdOpt.Kernels;

/// <summary>
/// The one path ladder: which <see cref="KernelPath"/> <see cref="KernelPath.Auto"/> means on this machine, and which
/// paths run accelerated here. Generated kernels, the training runtime's gradient passes, the CLI and the benchmarks
/// all ask this class, so they never disagree about "the widest accelerated path".
/// </summary>
public static class KernelPaths
{
    /// <summary>The widest hardware-accelerated explicit path: Vector512, else Vector256, else Vector128, else
    /// scalar.</summary>
    /// <remarks>Every operand is a JIT-time constant, so a call folds to the constant in optimized code.</remarks>
    public static KernelPath Widest =>
        Vector512.IsHardwareAccelerated ? KernelPath.Vector512
        : Vector256.IsHardwareAccelerated ? KernelPath.Vector256
        : Vector128.IsHardwareAccelerated ? KernelPath.Vector128
        : KernelPath.Scalar;

    /// <summary><paramref name="path"/>, with <see cref="KernelPath.Auto"/> replaced by <see cref="Widest"/>.</summary>
    /// <param name="path">The requested path.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="path"/> is not a defined
    /// <see cref="KernelPath"/>.</exception>
    /// <remarks>Inlined into every step: with the throw out of line, <see cref="KernelPath.Auto"/> folds to the
    /// constant <see cref="Widest"/> and any other path costs one compare.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static KernelPath Resolve(KernelPath path)
    {
        if (path == KernelPath.Auto) return Widest;
        if (!IsDefined(path)) ThrowUnknown(path);
        return path;
    }

    /// <summary>
    /// <paramref name="path"/> as an explicit width: <see cref="KernelPath.Auto"/> as <see cref="Widest"/> and
    /// <see cref="KernelPath.VectorT"/> as <see cref="VectorTWidth"/>, for code (the gradient passes) whose only loops
    /// are the explicit widths.
    /// </summary>
    /// <param name="path">The requested path.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="path"/> is not a defined
    /// <see cref="KernelPath"/>.</exception>
    public static KernelPath ResolveExplicit(KernelPath path) =>
        path == KernelPath.VectorT ? VectorTWidth : Resolve(path);

    /// <summary>Whether <paramref name="path"/> is a defined <see cref="KernelPath"/>: one compare, for checks on every
    /// step.</summary>
    internal static bool IsDefined(KernelPath path) => (uint)path <= (uint)KernelPath.Scalar;

    /// <summary>
    /// The explicit path of the same width as <see cref="Vector{T}"/> (Vector512, Vector256, Vector128), or scalar
    /// when <see cref="Vector{T}"/> is not accelerated: for code that has no <see cref="Vector{T}"/> loop of its own.
    /// </summary>
    public static KernelPath VectorTWidth =>
        !Vector.IsHardwareAccelerated ? KernelPath.Scalar
        : Vector<byte>.Count switch
        {
            64 => KernelPath.Vector512,
            32 => KernelPath.Vector256,
            16 => KernelPath.Vector128,
            _ => KernelPath.Scalar,
        };

    /// <summary>Whether <paramref name="path"/> runs on vector hardware here (scalar and Auto always run).</summary>
    /// <param name="path">The path.</param>
    public static bool IsAccelerated(KernelPath path) => path switch
    {
        KernelPath.Vector512 => Vector512.IsHardwareAccelerated,
        KernelPath.Vector256 => Vector256.IsHardwareAccelerated,
        KernelPath.Vector128 => Vector128.IsHardwareAccelerated,
        KernelPath.VectorT => Vector.IsHardwareAccelerated,
        _ => true,
    };

    /// <summary>Scalar, every accelerated explicit path from narrow to wide, then <see cref="KernelPath.VectorT"/>
    /// (when accelerated) and <see cref="KernelPath.Auto"/>: the paths worth comparing on this machine.</summary>
    public static IReadOnlyList<KernelPath> Available { get; } =
        new[]
        {
            KernelPath.Scalar, KernelPath.Vector128, KernelPath.Vector256, KernelPath.Vector512, KernelPath.VectorT,
            KernelPath.Auto,
        }
            .Where(p => p is KernelPath.Scalar or KernelPath.Auto || IsAccelerated(p)).ToArray();

    [DoesNotReturn]
    private static void ThrowUnknown(KernelPath path) =>
        throw new ArgumentOutOfRangeException(nameof(path), path, "Unknown kernel path.");
}
