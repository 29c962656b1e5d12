using SimdOpt.Kernels;

namespace SimdOpt.Tests.Precision;

/// <summary>The paths every codec test compares: each accelerated explicit width, Vector&lt;T&gt; and Auto, against
/// scalar; the explicit widths that are not accelerated here run too (emulated), since they must give the same bits.
/// </summary>
internal static class CodecPaths
{
    public static readonly KernelPath[] Vector =
        [KernelPath.Vector128, KernelPath.Vector256, KernelPath.Vector512, KernelPath.VectorT, KernelPath.Auto];

    public static TheoryData<KernelPath> All => new(Enum.GetValues<KernelPath>());
}
