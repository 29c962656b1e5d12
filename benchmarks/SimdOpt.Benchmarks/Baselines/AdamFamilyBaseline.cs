using System.Runtime.CompilerServices;
using SimdOpt.Benchmarks.Kernels;
using static System.Numerics.Tensors.TensorPrimitives;

namespace SimdOpt.Benchmarks.Baselines;

/// <summary>
/// What the baselines of Adam, AdamW, Adamax, NAdam and RAdam share: lr, the two betas, eps, the two state buffers
/// (exp_avg and a second one), and the exponential moving averages m &lt;- beta1 * m + (1 - beta1) * g and
/// v &lt;- beta2 * v + (1 - beta2) * g * g.
/// </summary>
public abstract class AdamFamilyBaseline : BaselineKernel
{
    /// <summary>beta1 as a float.</summary>
    protected readonly float FloatBeta1;

    /// <summary>1 - beta1 as a float.</summary>
    protected readonly float OneMinusBeta1;

    /// <summary>beta2 as a float.</summary>
    protected readonly float FloatBeta2;

    /// <summary>1 - beta2 as a float.</summary>
    protected readonly float OneMinusBeta2;

    /// <summary>The stabilising epsilon.</summary>
    protected readonly float Eps;

    /// <summary>Reads lr, the betas and eps; refuses maximize.</summary>
    /// <param name="workload">The arrays to update.</param>
    /// <param name="secondBuffer">The second state buffer: exp_avg_sq, or Adamax's exp_inf.</param>
    protected AdamFamilyBaseline(Workload workload, string secondBuffer) : base(workload)
    {
        RequireFlag("maximize", false);
        Lr = Hyperparameter("lr");
        Beta1 = Hyperparameter("beta1");
        Beta2 = Hyperparameter("beta2");
        FloatBeta1 = (float)Beta1;
        OneMinusBeta1 = (float)(1 - Beta1);
        FloatBeta2 = (float)Beta2;
        OneMinusBeta2 = (float)(1 - Beta2);
        Eps = FloatHyperparameter("eps");
        FirstMomentIndex = StateIndex("exp_avg");
        SecondBufferIndex = StateIndex(secondBuffer);
    }

    /// <summary>The learning rate.</summary>
    protected double Lr { get; }

    /// <summary>The decay of the first moment.</summary>
    protected double Beta1 { get; }

    /// <summary>The decay of the second moment (Adamax: of the infinity norm).</summary>
    protected double Beta2 { get; }

    /// <summary>The index of the first moment, exp_avg.</summary>
    protected int FirstMomentIndex { get; }

    /// <summary>The index of the second state buffer.</summary>
    protected int SecondBufferIndex { get; }

    /// <summary>Elements [<paramref name="start"/>, <paramref name="start"/> + <paramref name="length"/>) of p, g,
    /// exp_avg and the second buffer.</summary>
    /// <param name="start">The first element.</param>
    /// <param name="length">The number of elements.</param>
    protected Slices Slice(int start, int length) =>
        new(Parameters(start, length), Gradients(start, length), State(FirstMomentIndex, start, length), State(SecondBufferIndex, start, length));

    /// <summary>beta1 * m + (1 - beta1) * g, one element.</summary>
    /// <param name="m">The first moment.</param>
    /// <param name="g">The gradient.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected float FirstMoment(float m, float g) => FloatBeta1 * m + OneMinusBeta1 * g;

    /// <summary>beta2 * v + (1 - beta2) * g * g, one element.</summary>
    /// <param name="v">The second moment.</param>
    /// <param name="g">The gradient.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected float SecondMoment(float v, float g) => FloatBeta2 * v + OneMinusBeta2 * (g * g);

    /// <summary>m &lt;- beta1 * m + (1 - beta1) * g with two TensorPrimitives calls.</summary>
    /// <param name="m">The first moment.</param>
    /// <param name="g">The gradients.</param>
    protected void FirstMoment(Span<float> m, ReadOnlySpan<float> g)
    {
        Multiply(m, FloatBeta1, m);
        MultiplyAdd(g, OneMinusBeta1, m, m);
    }

    /// <summary>v &lt;- beta2 * v + (1 - beta2) * g * g with three TensorPrimitives calls.</summary>
    /// <param name="v">The second moment.</param>
    /// <param name="g">The gradients.</param>
    /// <param name="scratch">Room for g * g.</param>
    protected void SecondMoment(Span<float> v, ReadOnlySpan<float> g, Span<float> scratch)
    {
        Multiply(g, g, scratch);
        Multiply(v, FloatBeta2, v);
        MultiplyAdd(scratch, OneMinusBeta2, v, v);
    }

    /// <summary>The spans one <c>Apply</c> works on.</summary>
    /// <param name="p">The parameters.</param>
    /// <param name="g">The gradients.</param>
    /// <param name="m">The first moment.</param>
    /// <param name="second">The second state buffer.</param>
    protected readonly ref struct Slices(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> second)
    {
        private readonly Span<float> _p = p;
        private readonly ReadOnlySpan<float> _g = g;
        private readonly Span<float> _m = m;
        private readonly Span<float> _second = second;

        /// <summary>Splits into the four spans.</summary>
        /// <param name="p">The parameters.</param>
        /// <param name="g">The gradients.</param>
        /// <param name="m">The first moment.</param>
        /// <param name="second">The second state buffer.</param>
        public void Deconstruct(out Span<float> p, out ReadOnlySpan<float> g, out Span<float> m, out Span<float> second)
        {
            p = _p;
            g = _g;
            m = _m;
            second = _second;
        }
    }
}
