using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using SimdOpt.Benchmarks.Kernels;

namespace SimdOpt.Benchmarks.Baselines.Sgd;

/// <summary>
/// SGD with momentum written by hand for Vector512 as well as it can be: broadcasts hoisted out of the loop, four
/// vectors per iteration, no bounds checks, a scalar tail. Without AVX-512 the JIT runs each Vector512 operation as two
/// 256-bit halves.
/// </summary>
/// <param name="workload">The arrays to update.</param>
public sealed class SgdHandWrittenVector512(Workload workload) : SgdBaseline(workload)
{
    /// <inheritdoc/>
    public override void Apply(int start, int length)
    {
        ref float p = ref MemoryMarshal.GetReference(Workload.Parameters.AsSpan());
        ref float g = ref MemoryMarshal.GetReference(Workload.Gradients.AsSpan());
        ref float buffer = ref MemoryMarshal.GetReference(Workload.State(BufferIndex));
        p = ref Unsafe.Add(ref p, start);
        g = ref Unsafe.Add(ref g, start);
        buffer = ref Unsafe.Add(ref buffer, start);
        // On the first step buf = g exactly: momentum 0 and a gradient factor of 1 give 0 * buf + 1 * g = g.
        float momentum = FirstStep ? 0f : Momentum, gradientFactor = FirstStep ? 1f : OneMinusDampening;
        var vMomentum = Vector512.Create(momentum);
        var vGradientFactor = Vector512.Create(gradientFactor);
        var vLr = Vector512.Create(Lr);
        nuint n = (nuint)length, i = 0, w = (nuint)Vector512<float>.Count;
        for (; i + 4 * w <= n; i += 4 * w)
        {
            Step(vMomentum, vGradientFactor, vLr, ref p, ref g, ref buffer, i);
            Step(vMomentum, vGradientFactor, vLr, ref p, ref g, ref buffer, i + w);
            Step(vMomentum, vGradientFactor, vLr, ref p, ref g, ref buffer, i + 2 * w);
            Step(vMomentum, vGradientFactor, vLr, ref p, ref g, ref buffer, i + 3 * w);
        }
        for (; i + w <= n; i += w) Step(vMomentum, vGradientFactor, vLr, ref p, ref g, ref buffer, i);
        for (; i < n; i++)
        {
            ref float b = ref Unsafe.Add(ref buffer, i);
            b = momentum * b + gradientFactor * Unsafe.Add(ref g, i);
            Unsafe.Add(ref p, i) -= Lr * b;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step(Vector512<float> momentum, Vector512<float> gradientFactor, Vector512<float> lr,
        ref float p, ref float g, ref float buffer, nuint i)
    {
        var b = momentum * Vector512.LoadUnsafe(ref buffer, i) + gradientFactor * Vector512.LoadUnsafe(ref g, i);
        Vector512.StoreUnsafe(b, ref buffer, i);
        Vector512.StoreUnsafe(Vector512.LoadUnsafe(ref p, i) - lr * b, ref p, i);
    }
}
