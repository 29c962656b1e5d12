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
        ref float p = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Workload.Parameters), start);
        ref float g = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Workload.Gradients), start);
        ref float m = ref MemoryMarshal.GetReference(State(FirstMomentIndex, start, length));
        ref float v = ref MemoryMarshal.GetReference(State(SecondMomentIndex, start, length));
        var c = new Coefficients(this);
        nuint n = (nuint)length, i = 0, w = (nuint)Vector512<float>.Count;
        for (; i + 4 * w <= n; i += 4 * w)
        {
            Step(in c, ref p, ref g, ref m, ref v, i);
            Step(in c, ref p, ref g, ref m, ref v, i + w);
            Step(in c, ref p, ref g, ref m, ref v, i + 2 * w);
            Step(in c, ref p, ref g, ref m, ref v, i + 3 * w);
        }
        for (; i + w <= n; i += w) Step(in c, ref p, ref g, ref m, ref v, i);
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
    private static void Step(in Coefficients c, ref float p, ref float g, ref float m, ref float v, nuint i)
    {
        var vg = Vector512.LoadUnsafe(ref g, i);
        var vm = c.Beta1 * Vector512.LoadUnsafe(ref m, i) + c.OneMinusBeta1 * vg;
        var vv = c.Beta2 * Vector512.LoadUnsafe(ref v, i) + c.OneMinusBeta2 * (vg * vg);
        var denom = Vector512.Sqrt(vv) * c.InverseSqrtBias2 + c.Eps;
        var vp = Vector512.LoadUnsafe(ref p, i) * c.Decay - c.StepSize * (vm / denom);
        Vector512.StoreUnsafe(vm, ref m, i);
        Vector512.StoreUnsafe(vv, ref v, i);
        Vector512.StoreUnsafe(vp, ref p, i);
    }

    // Every broadcast once per call; a local struct of vectors that the JIT keeps in registers.
    private readonly struct Coefficients(AdamHandWrittenVector512 k)
    {
        public readonly Vector512<float> Beta1 = Vector512.Create(k.FloatBeta1);
        public readonly Vector512<float> OneMinusBeta1 = Vector512.Create(k.OneMinusBeta1);
        public readonly Vector512<float> Beta2 = Vector512.Create(k.FloatBeta2);
        public readonly Vector512<float> OneMinusBeta2 = Vector512.Create(k.OneMinusBeta2);
        public readonly Vector512<float> InverseSqrtBias2 = Vector512.Create(k.InverseSqrtBias2);
        public readonly Vector512<float> Eps = Vector512.Create(k.Eps);
        public readonly Vector512<float> Decay = Vector512.Create(k.Decay);
        public readonly Vector512<float> StepSize = Vector512.Create(k.StepSize);
    }
}
