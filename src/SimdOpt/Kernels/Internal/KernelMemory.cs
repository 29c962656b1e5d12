using System.Runtime.CompilerServices;

namespace SimdOpt.Kernels.Internal;

/// <summary>References from addresses, for the generated loops' stored step (<c>StepPlan.ApplyStored</c>), whose
/// arrays arrive as addresses of memory the training runtime has pinned: generated code in a user's assembly then
/// needs no unsafe context.</summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class KernelMemory
{
    /// <summary>A reference to the pinned memory at <paramref name="address"/> (a null reference for 0: a buffer the
    /// step never touches).</summary>
    /// <param name="address">The address.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe ref T At<T>(nint address) where T : unmanaged => ref Unsafe.AsRef<T>((void*)address);
}
