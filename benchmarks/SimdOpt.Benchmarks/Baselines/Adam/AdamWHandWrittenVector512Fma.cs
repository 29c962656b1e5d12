using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using SimdOpt.Benchmarks.Kernels;

namespace SimdOpt.Benchmarks.Baselines.Adam;

/// <summary>
/// AdamW as a performance-minded user writes it for one call on small tensors: fused multiply-adds, two vectors per
/// iteration, broadcasts hoisted, and the bias corrections computed in float with MathF.Pow (cheaper than Math.Pow in
/// double, at the cost of rounding them twice). The rival of issue 13's per-call criterion. Equal to the plain loop
/// within the baselines' tolerance, not bit for bit (FMA rounds once where the plain loop rounds twice).
/// </summary>
/// <param name="workload">The arrays to update.</param>
public sealed class AdamWHandWrittenVector512Fma(Workload workload) : AdamBaseline(workload, decoupled: true)
{
    private float _stepSize, _inverseSqrtBias2;

    /// <inheritdoc/>
    public override void Prepare(long t)
    {
        _stepSize = (float)Lr / (1 - MathF.Pow(FloatBeta1, t));
        _inverseSqrtBias2 = 1 / MathF.Sqrt(1 - MathF.Pow(FloatBeta2, t));
    }

    /// <inheritdoc/>
    public override void Apply(int start, int length)
    {
        var (pSpan, gSpan, mSpan, vSpan) = Slice(start, length);
        ref float p = ref MemoryMarshal.GetReference(pSpan);
        ref float g = ref MemoryMarshal.GetReference(gSpan);
        ref float m = ref MemoryMarshal.GetReference(mSpan);
        ref float v = ref MemoryMarshal.GetReference(vSpan);
        var k = new Coefficients(Vector512.Create(FloatBeta1), Vector512.Create(OneMinusBeta1), Vector512.Create(FloatBeta2),
            Vector512.Create(OneMinusBeta2), Vector512.Create(_inverseSqrtBias2), Vector512.Create(Eps), Vector512.Create(Decay), Vector512.Create(_stepSize));
        nuint n = (nuint)length, i = 0, w = (nuint)Vector512<float>.Count;
        for (; i + 2 * w <= n; i += 2 * w)
        {
            Step(in k, ref p, ref g, ref m, ref v, i);
            Step(in k, ref p, ref g, ref m, ref v, i + w);
        }
        for (; i + w <= n; i += w) Step(in k, ref p, ref g, ref m, ref v, i);
        for (; i < n; i++)
        {
            float gi = Unsafe.Add(ref g, i);
            float mi = Unsafe.Add(ref m, i) = MathF.FusedMultiplyAdd(FloatBeta1, Unsafe.Add(ref m, i), OneMinusBeta1 * gi);
            float vi = Unsafe.Add(ref v, i) = MathF.FusedMultiplyAdd(FloatBeta2, Unsafe.Add(ref v, i), OneMinusBeta2 * (gi * gi));
            ref float pi = ref Unsafe.Add(ref p, i);
            pi = MathF.FusedMultiplyAdd(pi, Decay, -(_stepSize * (mi / MathF.FusedMultiplyAdd(MathF.Sqrt(vi), _inverseSqrtBias2, Eps))));
        }
    }

    private readonly record struct Coefficients(Vector512<float> Beta1, Vector512<float> OneMinusBeta1, Vector512<float> Beta2, Vector512<float> OneMinusBeta2,
        Vector512<float> InverseSqrtBias2, Vector512<float> Eps, Vector512<float> Decay, Vector512<float> StepSize);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step(in Coefficients k, ref float p, ref float g, ref float m, ref float v, nuint i)
    {
        var vg = Vector512.LoadUnsafe(ref g, i);
        var vm = Vector512.FusedMultiplyAdd(k.Beta1, Vector512.LoadUnsafe(ref m, i), k.OneMinusBeta1 * vg);
        var vv = Vector512.FusedMultiplyAdd(k.Beta2, Vector512.LoadUnsafe(ref v, i), k.OneMinusBeta2 * (vg * vg));
        var vp = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref p, i), k.Decay,
            -(k.StepSize * (vm / Vector512.FusedMultiplyAdd(Vector512.Sqrt(vv), k.InverseSqrtBias2, k.Eps))));
        Vector512.StoreUnsafe(vm, ref m, i);
        Vector512.StoreUnsafe(vv, ref v, i);
        Vector512.StoreUnsafe(vp, ref p, i);
    }
}
