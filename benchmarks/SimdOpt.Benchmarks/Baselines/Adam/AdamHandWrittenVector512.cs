using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using SimdOpt.Benchmarks.Kernels;

namespace SimdOpt.Benchmarks.Baselines.Adam;

/// <summary>
/// Adam (or AdamW) written by hand for Vector512 as well as it can be: broadcasts hoisted out of the loop, four
/// vectors per iteration, no bounds checks, a scalar tail; the same operations in the same order as the plain loop.
/// Without AVX-512 the JIT runs each Vector512 operation as two 256-bit halves.
/// </summary>
/// <param name="workload">The arrays to update.</param>
/// <param name="decoupled">True for AdamW.</param>
public sealed class AdamHandWrittenVector512(Workload workload, bool decoupled) : AdamBaseline(workload, decoupled)
{
    /// <inheritdoc/>
    public override void Apply(int start, int length)
    {
        var (pSpan, gSpan, mSpan, vSpan) = Slice(start, length);
        ref float p = ref MemoryMarshal.GetReference(pSpan);
        ref float g = ref MemoryMarshal.GetReference(gSpan);
        ref float m = ref MemoryMarshal.GetReference(mSpan);
        ref float v = ref MemoryMarshal.GetReference(vSpan);
        Vector512<float> beta1 = Vector512.Create(FloatBeta1), oneMinusBeta1 = Vector512.Create(OneMinusBeta1);
        Vector512<float> beta2 = Vector512.Create(FloatBeta2), oneMinusBeta2 = Vector512.Create(OneMinusBeta2);
        Vector512<float> inverseSqrtBias2 = Vector512.Create(InverseSqrtBias2), eps = Vector512.Create(Eps);
        Vector512<float> decay = Vector512.Create(Decay), stepSize = Vector512.Create(StepSize);
        nuint n = (nuint)length, i = 0, w = (nuint)Vector512<float>.Count;
        for (; i + 4 * w <= n; i += 4 * w)
        {
            Step(beta1, oneMinusBeta1, beta2, oneMinusBeta2, inverseSqrtBias2, eps, decay, stepSize, ref p, ref g, ref m, ref v, i);
            Step(beta1, oneMinusBeta1, beta2, oneMinusBeta2, inverseSqrtBias2, eps, decay, stepSize, ref p, ref g, ref m, ref v, i + w);
            Step(beta1, oneMinusBeta1, beta2, oneMinusBeta2, inverseSqrtBias2, eps, decay, stepSize, ref p, ref g, ref m, ref v, i + 2 * w);
            Step(beta1, oneMinusBeta1, beta2, oneMinusBeta2, inverseSqrtBias2, eps, decay, stepSize, ref p, ref g, ref m, ref v, i + 3 * w);
        }
        for (; i + w <= n; i += w)
            Step(beta1, oneMinusBeta1, beta2, oneMinusBeta2, inverseSqrtBias2, eps, decay, stepSize, ref p, ref g, ref m, ref v, i);
        for (; i < n; i++)
        {
            float gi = Unsafe.Add(ref g, i);
            float mi = Unsafe.Add(ref m, i) = FirstMoment(Unsafe.Add(ref m, i), gi);
            float vi = Unsafe.Add(ref v, i) = SecondMoment(Unsafe.Add(ref v, i), gi);
            ref float pi = ref Unsafe.Add(ref p, i);
            pi = pi * Decay - StepSize * (mi / (MathF.Sqrt(vi) * InverseSqrtBias2 + Eps));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step(Vector512<float> beta1, Vector512<float> oneMinusBeta1, Vector512<float> beta2, Vector512<float> oneMinusBeta2,
        Vector512<float> inverseSqrtBias2, Vector512<float> eps, Vector512<float> decay, Vector512<float> stepSize,
        ref float p, ref float g, ref float m, ref float v, nuint i)
    {
        var vg = Vector512.LoadUnsafe(ref g, i);
        var vm = beta1 * Vector512.LoadUnsafe(ref m, i) + oneMinusBeta1 * vg;
        var vv = beta2 * Vector512.LoadUnsafe(ref v, i) + oneMinusBeta2 * (vg * vg);
        var vp = Vector512.LoadUnsafe(ref p, i) * decay - stepSize * (vm / (Vector512.Sqrt(vv) * inverseSqrtBias2 + eps));
        Vector512.StoreUnsafe(vm, ref m, i);
        Vector512.StoreUnsafe(vv, ref v, i);
        Vector512.StoreUnsafe(vp, ref p, i);
    }
}
