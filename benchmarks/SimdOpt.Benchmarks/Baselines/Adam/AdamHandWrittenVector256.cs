using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using SimdOpt.Benchmarks.Kernels;

namespace SimdOpt.Benchmarks.Baselines.Adam;

/// <summary>
/// Adam (or AdamW) written by hand for Vector256 (AVX2), as a user without AVX-512 would write it: the same program as
/// <see cref="AdamHandWrittenVector512"/> at half the width, kept as its own class because on such a machine it is the
/// fair hand-written rival (the Vector512 loop runs emulated there, as two 256-bit halves per operation).
/// </summary>
/// <param name="workload">The arrays to update.</param>
/// <param name="decoupled">True for AdamW.</param>
public sealed class AdamHandWrittenVector256(Workload workload, bool decoupled) : AdamBaseline(workload, decoupled)
{
    /// <inheritdoc/>
    public override void Apply(int start, int length)
    {
        var (pSpan, gSpan, mSpan, vSpan) = Slice(start, length);
        ref float p = ref MemoryMarshal.GetReference(pSpan);
        ref float g = ref MemoryMarshal.GetReference(gSpan);
        ref float m = ref MemoryMarshal.GetReference(mSpan);
        ref float v = ref MemoryMarshal.GetReference(vSpan);
        Vector256<float> beta1 = Vector256.Create(FloatBeta1), oneMinusBeta1 = Vector256.Create(OneMinusBeta1);
        Vector256<float> beta2 = Vector256.Create(FloatBeta2), oneMinusBeta2 = Vector256.Create(OneMinusBeta2);
        Vector256<float> inverseSqrtBias2 = Vector256.Create(InverseSqrtBias2), eps = Vector256.Create(Eps);
        Vector256<float> decay = Vector256.Create(Decay), stepSize = Vector256.Create(StepSize);
        nuint n = (nuint)length, i = 0, w = (nuint)Vector256<float>.Count;
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
    private static void Step(Vector256<float> beta1, Vector256<float> oneMinusBeta1, Vector256<float> beta2, Vector256<float> oneMinusBeta2,
        Vector256<float> inverseSqrtBias2, Vector256<float> eps, Vector256<float> decay, Vector256<float> stepSize,
        ref float p, ref float g, ref float m, ref float v, nuint i)
    {
        var vg = Vector256.LoadUnsafe(ref g, i);
        var vm = beta1 * Vector256.LoadUnsafe(ref m, i) + oneMinusBeta1 * vg;
        var vv = beta2 * Vector256.LoadUnsafe(ref v, i) + oneMinusBeta2 * (vg * vg);
        var vp = Vector256.LoadUnsafe(ref p, i) * decay - stepSize * (vm / (Vector256.Sqrt(vv) * inverseSqrtBias2 + eps));
        Vector256.StoreUnsafe(vm, ref m, i);
        Vector256.StoreUnsafe(vv, ref v, i);
        Vector256.StoreUnsafe(vp, ref p, i);
    }
}
