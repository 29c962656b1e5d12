using System.Numerics;
using System.Runtime.Intrinsics;
using SimdOpt.Kernels;

namespace SimdOpt.Cli.Bench;

/// <summary>The code paths worth timing on this machine: scalar, each hardware-accelerated vector width, and the dispatcher.</summary>
internal static class KernelPaths
{
    /// <summary>Scalar, then every accelerated explicit path from narrow to wide, then <see cref="KernelPath.VectorT"/> and <see cref="KernelPath.Auto"/>.</summary>
    public static IReadOnlyList<KernelPath> Available { get; } = Detect();

    /// <summary>The path <see cref="KernelPath.Auto"/> dispatches to here, as the generated dispatcher chooses it.</summary>
    public static KernelPath AutoResolvesTo =>
        Vector512.IsHardwareAccelerated ? KernelPath.Vector512
        : Vector256.IsHardwareAccelerated ? KernelPath.Vector256
        : Vector128.IsHardwareAccelerated ? KernelPath.Vector128
        : KernelPath.Scalar;

    private static KernelPath[] Detect()
    {
        var paths = new List<KernelPath> { KernelPath.Scalar };
        if (Vector128.IsHardwareAccelerated) paths.Add(KernelPath.Vector128);
        if (Vector256.IsHardwareAccelerated) paths.Add(KernelPath.Vector256);
        if (Vector512.IsHardwareAccelerated) paths.Add(KernelPath.Vector512);
        if (Vector.IsHardwareAccelerated) paths.Add(KernelPath.VectorT);
        paths.Add(KernelPath.Auto);
        return paths.ToArray();
    }
}
